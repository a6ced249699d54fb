package io.keygate.server.cli;

import picocli.CommandLine;

/** The command line as every entry point builds it: a failure the commands report is one line on stderr, no trace. */
public final class Cli {
    private Cli() {}

    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        // API key ids may begin with '-' ("-ZzrAaIr3AI0SljpqU5z"): an argument that is no known option is a value
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException cli) {
                commandLine.getErr().println("keygate: " + cli.getMessage());
                commandLine.getErr().flush();
                return cli.exitCode();
            }
            throw e;
        });
        return cl;
    }
}
