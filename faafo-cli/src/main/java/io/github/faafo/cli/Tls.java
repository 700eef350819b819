package io.github.faafo.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What the command trusts over HTTPS: the JVM's CAs, a trust store the admin gives, or exactly the
 * certificate whose SHA-256 fingerprint bin/run printed. The host name is checked in every case.
 */
final class Tls {

  private Tls() {}

  /** A context trusting {@code trustStore} (with the password of FAAFO_TRUST_STORE_PASSWORD). */
  static SSLContext trusting(Path trustStore, char[] password) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(KeyStore.getInstance(trustStore.toFile(), password));
      return context(trust.getTrustManagers());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ApiException(
          0, "cannot read the trust store " + trustStore + ": " + e.getMessage());
    }
  }

  /** A context trusting only a server certificate with this SHA-256 fingerprint. */
  static SSLContext pinned(String fingerprint) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(fingerprint.replace(":", "").strip().toLowerCase());
    } catch (IllegalArgumentException e) {
      throw new ApiException(0, "--fingerprint takes the SHA-256 that bin/run prints, in hex");
    }
    X509TrustManager pin =
        new X509TrustManager() {
          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            try {
              byte[] actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
              if (!MessageDigest.isEqual(expected, actual)) {
                throw new CertificateException(
                    "the server's certificate has the SHA-256 fingerprint "
                        + HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual)
                        + ", not the one given");
              }
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new CertificateException(e);
            }
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            throw new CertificateException("a client certificate is not expected here");
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    return context(new TrustManager[] {pin});
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
