package io.github.faafo.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The administrator's user and password, from {@code faafo.api.admin-user} and {@code
 * faafo.api.admin-password} at deploy time; with no password configured nobody is an administrator.
 */
@ApplicationScoped
public class AdminCredentials {

  /** The role that may change and delete fractals. */
  public static final String ROLE = "admin";

  @Inject
  @ConfigProperty(name = "faafo.api.admin-user")
  String user;

  @Inject
  @ConfigProperty(name = "faafo.api.admin-password")
  Optional<String> password;

  /** True when an administrator password is configured. */
  public boolean configured() {
    return password.filter(p -> !p.isEmpty()).isPresent();
  }

  /** Compares in constant time, so the answer's timing says nothing about the password. */
  public boolean matches(String candidateUser, String candidatePassword) {
    if (!configured()) {
      return false;
    }
    boolean userOk = equal(user, candidateUser);
    boolean passwordOk = equal(password.get(), candidatePassword);
    return userOk & passwordOk;
  }

  private static boolean equal(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        (actual == null ? "" : actual).getBytes(StandardCharsets.UTF_8));
  }
}
