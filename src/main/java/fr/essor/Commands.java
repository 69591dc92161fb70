package fr.essor;

import fr.essor.registry.ImportClient;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/** The command-line verbs besides starting the service. Each is a client of a running service. */
final class Commands {
    private Commands() {
    }

    static int run(String[] args, Map<String, String> env) {
        PrintStream err = System.err;
        switch (args[0]) {
            case "import":
                return ImportClient.run(Arrays.copyOfRange(args, 1, args.length), env, System.out, err);
            case "help":
            case "--help":
                usage(System.out);
                return 0;
            default:
                err.println("essor: unknown command " + args[0]);
                usage(err);
                return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar essor.jar                      start the service");
        out.println("       java -jar essor.jar import FILE --format essor|lemarche|ess-numerique");
        out.println("                                               send a registry file to the running service (ESSOR_URL)");
    }
}
