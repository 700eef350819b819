package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The set-up checks of the README's two commands ({@code bin/run --check}, {@code bin/test
 * --check}) say what is wrong, in the words the README quotes: with curl, java or mvn missing from
 * the PATH, with a java older than 17, and from a checkout path with a space in it. They run as the
 * user nobody, for whom the scripts install nothing, from a copy of the scripts, so that nothing on
 * the machine changes. Needs no Payara Micro, broker or database.
 */
class SetUpChecksIT {

  private Path scratch;

  @BeforeEach
  void makeScratch() throws IOException {
    scratch = Files.createTempDirectory("faafo-setup-checks-");
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void removeScratch() {
    Services.run("rm", "-rf", scratch.toString());
  }

  @ParameterizedTest(name = "{1} missing, {0} --check")
  @CsvSource({
    "bin/run, curl, curl",
    "bin/test, java, openjdk-17-jdk-headless",
    "bin/test, mvn, maven"
  })
  void aMissingCommandIsNamedWithItsPackage(String command, String missing, String debianPackage)
      throws Exception {
    String said = check(command, checkout("faafo"), pathWithout(missing));
    assertTrue(
        said.contains(missing + " is missing")
            && said.contains("install the Debian package " + debianPackage),
        said);
  }

  @Test
  void aJavaOlderThan17IsRefusedWithItsVersion() throws Exception {
    Path bin = pathWithout("java");
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    String said = check("bin/run", checkout("faafo"), bin);
    assertTrue(
        said.contains("java on the PATH is version 11") && said.contains("a JDK of 17 or later"),
        said);
  }

  @Test
  void aCheckoutPathWithASpaceIsRefusedAtOnce() throws Exception {
    Path spaced = checkout("my faafo");
    for (String command : List.of("bin/run", "bin/test")) {
      String said = check(command, spaced, pathWithout());
      assertTrue(
          said.contains("the checkout's path '" + spaced + "' contains white space or ':'"), said);
    }
  }

  @Test
  void aCompleteMachinePassesTheChecks() throws Exception {
    String said = check("bin/run", checkout("faafo"), pathWithout());
    assertTrue(said.contains("set-up checks passed"), said);
  }

  /** A copy of this checkout's scripts under {@code name}, readable by everyone. */
  private Path checkout(String name) throws IOException {
    Path copy = scratch.resolve(name);
    Files.createDirectories(copy);
    Services.run(
        "cp", "-r", Path.of(System.getProperty("faafo.home"), "bin").toString(), copy.toString());
    Services.run("chmod", "-R", "a+rX", scratch.toString());
    return copy;
  }

  /** A folder of links to every command of /usr/bin but {@code missing}: the PATH of a check. */
  private Path pathWithout(String... missing) throws IOException {
    Path bin = Files.createTempDirectory(scratch, "path-");
    Set<String> left = Set.of(missing);
    try (Stream<Path> commands = Files.list(Path.of("/usr/bin"))) {
      for (Path command : (Iterable<Path>) commands::iterator) {
        String name = command.getFileName().toString();
        if (!left.contains(name)) {
          Files.createSymbolicLink(bin.resolve(name), command);
        }
      }
    }
    Services.run("chmod", "a+rx", bin.toString());
    return bin;
  }

  /**
   * Runs {@code command --check} of {@code checkout} as nobody with only {@code path}: its output.
   */
  private static String check(String command, Path checkout, Path path) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of(
                "runuser",
                "-u",
                "nobody",
                "--",
                "/usr/bin/env",
                "-i",
                "PATH=" + path,
                "HOME=/tmp",
                "/usr/bin/bash",
                checkout.resolve(command).toString(),
                "--check"));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the check did not end within 60 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!output.contains("set-up checks passed")) {
      assertEquals(1, process.exitValue(), "a failed check's exit status; it said: " + output);
    }
    return output;
  }
}
