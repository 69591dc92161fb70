package fr.essor;

import fr.essor.db.BackupCommand;
import fr.essor.registry.ImportClient;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/** The command-line verbs besides starting the service: {@code import} is a client of a running service; {@code backup}
 * and {@code restore} work on its database. */
final class Commands {
    private Commands() {
    }

    static int run(String[] args, Map<String, String> env) {
        PrintStream err = System.err;
        switch (args[0]) {
            case "import":
                return ImportClient.run(Arrays.copyOfRange(args, 1, args.length), env, System.out, err);
            case "backup":
            case "restore":
                return BackupCommand.run(args[0], Arrays.copyOfRange(args, 1, args.length), env, System.out, err);
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
        out.println("       java -jar essor.jar backup FILE           a consistent dump of the database (ESSOR_DB_URL or the embedded one)");
        out.println("       java -jar essor.jar restore FILE          load a backup into an empty database");
    }
}
