package io.github.faafo.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A small HTTP client for the REST API, as a REST consumer would use it. */
final class Api {

  /** A response: status, content type, body and every header. */
  record Reply(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {

    /** All values of header {@code name}, joined by ", " as HTTP allows; "" when absent. */
    String header(String name) {
      return String.join(", ", headers.allValues(name));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(text()))) {
        return reader.readObject();
      }
    }

    List<JsonObject> jsonArray() {
      try (JsonReader reader = Json.createReader(new StringReader(text()))) {
        return reader.readArray().getValuesAs(JsonObject.class);
      }
    }
  }

  private final HttpClient client;
  private final URI base;

  Api(URL base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private Api(URL base, HttpClient client) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    this.base = URI.create(root);
    this.client = client;
  }

  /** The API over HTTPS, trusting only what {@code tls} trusts (and checking the host name). */
  static Api overTls(URL base, javax.net.ssl.SSLContext tls) {
    return new Api(
        base,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build());
  }

  URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply get(String path, String accept) {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
  }

  Reply post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Creates one fractal from {@code json}, which must succeed (201), and returns its uuid. */
  String created(String json) {
    Reply created = post("api/fractal", json);
    if (created.status() != 201) {
      throw new AssertionError("create answered " + created.status() + ": " + created.text());
    }
    return created.json().getString("uuid");
  }

  /** {@code method} with exactly the given headers (name, value, name, value, ...) and body. */
  Reply exchange(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** The value of metric {@code name} in {@code metrics} (Prometheus text), or -1 when absent. */
  static double metric(String metrics, String name) {
    java.util.regex.Matcher sample =
        java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})?\\s+([0-9.eE+-]+)")
            .matcher(metrics);
    return sample.find() ? Double.parseDouble(sample.group(2)) : -1;
  }

  /** The value of metric {@code name} this server shows now, or -1 when absent. */
  double metric(String name) {
    return metric(get("metrics", "text/plain").text(), name);
  }

  /** The API's own readiness check as /health/ready shows it now (status and data). */
  JsonObject readiness() {
    Reply ready = get("health/ready");
    return ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(check -> "faafo-api".equals(check.getString("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no faafo-api check: " + ready.text()));
  }

  /** The API administrator's credentials ("user:password"): this run's password, from bin/test. */
  static String admin() {
    return "admin:" + System.getenv("FAAFO_API_ADMIN_PASSWORD");
  }

  /** HTTP Basic credentials for an Authorization header. */
  static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  Reply send(String method, String path, String contentType, String body, String credentials) {
    List<String> headers = new ArrayList<>();
    if (contentType != null) {
      headers.addAll(List.of("Content-Type", contentType));
    }
    if (credentials != null) {
      headers.addAll(List.of("Authorization", basic(credentials)));
    }
    return exchange(method, path, body, headers.toArray(String[]::new));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
