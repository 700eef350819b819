package io.github.faafo.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code faafo} command: the original's client of the fractal API, run by bin/faafo. */
@Command(
    name = "faafo",
    mixinStandardHelpOptions = true,
    version = "faafo 1.0",
    description = "Create, list, show, download and delete fractals through the faafo API.",
    subcommands = {
      CreateCommand.class,
      ListCommand.class,
      ShowCommand.class,
      GetCommand.class,
      DeleteCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the API refused the request (its message says why)",
      "2:wrong usage of the command",
      "3:no such fractal",
      "4:the API is unavailable (no answer, TLS refused, 5xx)",
      "5:the downloaded image does not match its checksum",
      "6:a fractal failed, or --wait ran out of time%n"
    })
public class Faafo {

  static final int EXIT_REFUSED = 1;
  static final int EXIT_NOT_FOUND = 3;
  static final int EXIT_UNAVAILABLE = 4;
  static final int EXIT_CHECKSUM = 5;
  static final int EXIT_FAILED = 6;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--endpoint-url",
      defaultValue = "${env:FAAFO_ENDPOINT_URL:-http://localhost:8080}",
      description = "the API's base URL (default: ${DEFAULT-VALUE}; env FAAFO_ENDPOINT_URL)")
  URI endpoint;

  @Option(
      names = "--trust-store",
      description =
          "over HTTPS, trust the CAs of this PKCS12 or JKS file (its password in the environment"
              + " variable FAAFO_TRUST_STORE_PASSWORD)")
  Path trustStore;

  @Option(
      names = "--fingerprint",
      description =
          "over HTTPS, trust exactly the server certificate with this SHA-256 fingerprint (the one"
              + " bin/run prints)")
  String fingerprint;

  /** The API client these options describe. */
  ApiClient api() {
    SSLContext tls = null;
    if (trustStore != null && fingerprint != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --trust-store or --fingerprint, not both");
    }
    if (trustStore != null) {
      String password = System.getenv("FAAFO_TRUST_STORE_PASSWORD");
      tls = Tls.trusting(trustStore, password == null ? new char[0] : password.toCharArray());
    } else if (fingerprint != null) {
      tls = Tls.pinned(fingerprint);
    }
    return new ApiClient(endpoint, tls);
  }

  /** Runs the command line; its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new Faafo());
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof ApiException api) {
            commandLine.getErr().println("faafo: " + api.getMessage());
            commandLine.getErr().flush();
            return api.exitCode();
          }
          throw exception;
        });
    return line.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }
}
