package io.github.faafo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The producer's ranges as faafo-common's configuration defaults give them (faafo.producer.*), the
 * one place they are written: the defaults of {@code faafo create}, as the original's command took
 * its producer's.
 */
public final class ProducerRanges implements CommandLine.IDefaultValueProvider {

  public ProducerRanges() {}

  private static final String FILE = "META-INF/microprofile-config.properties";
  private static final Properties DEFAULTS = load();

  /** The default of an option --min-KEY or --max-KEY: faafo.producer.min-KEY or max-KEY. */
  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argument) {
    if (argument instanceof CommandLine.Model.OptionSpec option
        && option.longestName().matches("--m(in|ax)-[a-z]+")) {
      return of(option.longestName().substring(2));
    }
    return null;
  }

  static String of(String key) {
    String value = DEFAULTS.getProperty("faafo.producer." + key);
    if (value == null) {
      throw new IllegalStateException(
          "faafo.producer." + key + " is not in faafo-common's " + FILE);
    }
    return value;
  }

  private static Properties load() {
    try {
      for (URL url : Collections.list(ProducerRanges.class.getClassLoader().getResources(FILE))) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
          properties.load(in);
        }
        if (properties.containsKey("faafo.producer.min-width")) {
          return properties;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("faafo-common's " + FILE + " is not on the class path");
  }
}
