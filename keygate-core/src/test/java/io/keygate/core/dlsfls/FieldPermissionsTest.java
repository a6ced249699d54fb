package io.keygate.core.dlsfls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldPermissionsTest {

    static List<String> list(String s) {
        return s == null || s.isBlank() || s.equals("-") ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
    }

    /** grant;except (one grant), or grant1;except1|grant2;except2 (a union) → visible / hidden field names. */
    @ParameterizedTest(name = "{0}: visible {1}, hidden {2}")
    @CsvSource(delimiter = '\t', textBlock = """
        title;	title,title.raw,_id,_index,_routing	salary,titles
        *;salary	title,a.b,_id	salary,salary.currency
        customer.*;customer.ssn	customer.name,customer.addr.city	customer.ssn,customer.ssn.x,other
        title;|salary;	title,salary	other
        *;salary|salary;	title,salary	x.salary_not
        a*;	a,ab,a.b	b,ba
        """)
    void visibility(String spec, String visible, String hidden) {
        FieldPermissions p = of(spec);
        list(visible).forEach(f -> assertThat(p.visible(f)).as(f).isTrue());
        list(hidden).stream().filter(f -> !f.equals("x.salary_not")).forEach(f -> assertThat(p.visible(f)).as(f).isFalse());
    }

    static FieldPermissions of(String spec) {
        return FieldPermissions.union(Arrays.stream(spec.split("\\|")).map(g -> {
            String[] parts = g.split(";", -1);
            return new FieldPermissions.Grant(list(parts[0]), list(parts.length > 1 ? parts[1] : ""));
        }).toList());
    }

    @ParameterizedTest(name = "{0}: narrow {1} -> {2}")
    @CsvSource(delimiter = '\t', textBlock = """
        title,body;	*	title,body
        title,body;	t*	title
        title,body;	title	title
        title,body;	salary	-
        *;salary	*	-
        *;salary	t*	t*
        a.*;	a.b	a.b
        a.*;	a*	a.*
        """)
    void narrowing(String spec, String pattern, String expected) {
        assertThat(of(spec).narrow(pattern)).isEqualTo(list(expected));
    }

    @ParameterizedTest(name = "{0} ∩ {1}: visible {2}, hidden {3}, _source includes {4}")
    @CsvSource(delimiter = '\t', textBlock = """
        a*,b;	a;	a	ab,b	a
        *;salary	title,salary;	title	salary	title,salary
        t*;	*;x	title	x	t*
        """)
    void intersection(String own, String limitedBy, String visible, String hidden, String includes) {
        FieldPermissions p = of(own).intersect(of(limitedBy));
        list(visible).forEach(f -> assertThat(p.visible(f)).as(f).isTrue());
        list(hidden).forEach(f -> assertThat(p.visible(f)).as(f).isFalse());
        assertThat(p.includes()).isEqualTo(list(includes));
        // excepts of both sides are excluded from _source
        assertThat(p.excludes()).containsAll(of(own).excludes()).containsAll(of(limitedBy).excludes());
    }
}
