package io.github.faafo.cli;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faafo get UUID}: downloads the image and checks it against the record's checksum. */
@Command(
    mixinStandardHelpOptions = true,
    name = "get",
    description = "Download a fractal's PNG and check its SHA-256.")
class GetCommand implements Callable<Integer> {

  @ParentCommand Faafo faafo;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "UUID")
  String uuid;

  @Option(
      names = {"-o", "--output"},
      description = "where to write it (default: UUID.png here)")
  Path output;

  @Override
  public Integer call() throws NoSuchAlgorithmException {
    ApiClient api = faafo.api();
    JsonObject fractal = (JsonObject) api.getJson("api/fractal/" + uuid);
    if (!"done".equals(fractal.getString("status", ""))) {
      throw new ApiException(
          404, "fractal " + uuid + " is " + fractal.getString("status", "?") + ": no image yet");
    }
    byte[] image = api.getBytes("api/fractal/" + uuid + "/image");
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
    Path file = output != null ? output : Path.of(uuid + ".png");
    try {
      Files.write(file, image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String checksum = fractal.getString("checksum", "");
    if (!sha256.equalsIgnoreCase(checksum)) {
      spec.commandLine()
          .getErr()
          .printf(
              "faafo: %s has SHA-256 %s, but the record's checksum is %s%n",
              file, sha256, checksum);
      spec.commandLine().getErr().flush();
      return Faafo.EXIT_CHECKSUM;
    }
    spec.commandLine()
        .getOut()
        .printf("%s (%d bytes, SHA-256 %s checked)%n", file, image.length, sha256);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
