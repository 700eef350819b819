package io.github.faafo.cli;

import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code faafo delete UUID}, as the administrator, whose password comes from the environment, a
 * file or a prompt: never from an argument, which the process list would show.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "delete",
    description =
        "Delete a fractal (administrator: password from FAAFO_API_ADMIN_PASSWORD, --password-file"
            + " or a prompt).")
class DeleteCommand implements Callable<Integer> {

  @ParentCommand Faafo faafo;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "UUID")
  String uuid;

  @Option(
      names = "--user",
      defaultValue = "${env:FAAFO_API_ADMIN_USER:-admin}",
      description = "the administrator (default: ${DEFAULT-VALUE}; env FAAFO_API_ADMIN_USER)")
  String user;

  @Option(names = "--password-file", description = "a file whose first line is the password")
  Path passwordFile;

  @Override
  public Integer call() {
    faafo.api().delete("api/fractal/" + uuid, user, password());
    spec.commandLine().getOut().println("deleted fractal " + uuid);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private char[] password() {
    if (passwordFile != null) {
      try {
        return Files.readAllLines(passwordFile).stream().findFirst().orElse("").toCharArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String fromEnvironment = System.getenv("FAAFO_API_ADMIN_PASSWORD");
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new ApiException(
          401,
          "no administrator password: set FAAFO_API_ADMIN_PASSWORD, give --password-file, or run"
              + " in a terminal to be asked");
    }
    return console.readPassword("password of %s: ", user);
  }
}
