package io.keygate.core.privilege;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Elasticsearch's naming rules for applications, privilege names and actions. */
class ApplicationNamesTest {

    @ParameterizedTest(name = "application [{0}] wildcard={1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        app               | false | NULL
        myApp             | false | NULL
        app1              | false | NULL
        myapp-App         | false | NULL
        myapp_App         | false | NULL
        my-app            | false | An application name prefix must be at least 3 characters long (found 'my')
        kibana-.kibana    | false | NULL
        myapp-v1.0@x      | false | NULL
        ''                | false | Application names cannot be blank
        ap                | false | An application name prefix must be at least 3 characters long (found 'ap')
        App               | false | An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found 'App')
        1app              | false | An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found '1app')
        app.x             | false | An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found 'app.x')
        a p p             | false | Application names may not contain whitespace (found 'a p p')
        app*              | false | Application names may not contain '*' (found 'app*')
        *                 | false | Application names may not contain '*' (found '*')
        *                 | true  | NULL
        app*              | true  | NULL
        a*                | true  | NULL
        kibana-*          | true  | NULL
        kibana-.kib*      | true  | NULL
        *app              | true  | Application name patterns only support trailing wildcards (found '*app')
        ap*p              | true  | Application name patterns only support trailing wildcards (found 'ap*p')
        app:*             | true  | An application name prefix must match the pattern ^[a-z][A-Za-z0-9]*$ (found 'app:')
        """)
    void applicationNames(String name, boolean wildcard, String expected) {
        assertThat(ApplicationNames.applicationError(name, wildcard)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "suffix of [{0}] is refused")
    @CsvSource(delimiter = '|', textBlock = """
        app-a/b
        app_a?b
        app-a,b
        app-a>b
        app-a<b
        """)
    void suffixMayNotHoldFileNameSpecials(String name) {
        assertThat(ApplicationNames.applicationError(name, false))
                .startsWith("An application name suffix may not contain any of the characters")
                .endsWith("(found '" + name.substring(4) + "')");
    }

    @ParameterizedTest(name = "[{0}] name={1} nameOrAction={2} action={3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        read             | true  | true  | action [read] must contain one of [ '/' , '*' , ':' ]
        feature_x.all    | true  | true  | action [feature_x.all] must contain one of [ '/' , '*' , ':' ]
        data:read/*      | false | true  | NULL
        *                | false | true  | NULL
        action:login     | false | true  | NULL
        Read             | false | true  | action [Read] must contain one of [ '/' , '*' , ':' ]
        1read            | false | true  | action [1read] must contain one of [ '/' , '*' , ':' ]
        data:read me     | false | false | Application privilege names and actions must match the pattern ^\\p{Graph}*$ (found 'data:read me')
        """)
    void privilegeNamesAndActions(String text, boolean isName, boolean nameOrAction, String actionError) {
        assertThat(ApplicationNames.isPrivilegeName(text)).isEqualTo(isName);
        assertThat(ApplicationNames.privilegeNameError(text) == null).isEqualTo(isName);
        assertThat(ApplicationNames.privilegeOrActionError(text) == null).isEqualTo(nameOrAction);
        assertThat(ApplicationNames.actionError(text)).isEqualTo(actionError);
    }
}
