package io.github.faafo.cli;

/** An answer of the API that is not a success, or no answer at all (status 0). */
final class ApiException extends RuntimeException {

  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  /** The command's exit code for it (docs/cli.md). */
  int exitCode() {
    if (status == 0 || status >= 500) {
      return Faafo.EXIT_UNAVAILABLE;
    }
    return status == 404 ? Faafo.EXIT_NOT_FOUND : Faafo.EXIT_REFUSED;
  }
}
