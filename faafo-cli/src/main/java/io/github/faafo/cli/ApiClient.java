package io.github.faafo.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** The REST API as the command sees it: JSON in and out, the API's own message on an error. */
final class ApiClient {

  private final HttpClient client;
  private final URI base;

  ApiClient(URI endpoint, SSLContext tls) {
    String root = endpoint.toString().endsWith("/") ? endpoint.toString() : endpoint + "/";
    this.base = URI.create(root);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  /** {@code GET path} as JSON. */
  JsonStructure getJson(String path) {
    return json(send(request(path).GET()));
  }

  /** {@code GET path} as bytes (an image). */
  byte[] getBytes(String path) {
    return send(request(path).GET()).body();
  }

  /** {@code POST path} with a JSON body. */
  JsonStructure postJson(String path, String body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
  }

  /** {@code DELETE path} as the administrator. */
  void delete(String path, String user, char[] password) {
    String credentials = user + ":" + new String(password);
    send(
        request(path)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .DELETE());
  }

  String describe() {
    return base.toString();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json");
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() >= 400) {
        throw new ApiException(response.statusCode(), messageOf(response));
      }
      return response;
    } catch (SSLException e) {
      throw new ApiException(
          0,
          "TLS to " + base + " failed: " + e.getMessage() + " (see --trust-store, --fingerprint)");
    } catch (ConnectException | HttpTimeoutException e) {
      throw new ApiException(
          0, "no answer from " + base + " (" + e.getClass().getSimpleName() + ")");
    } catch (IOException e) {
      throw new ApiException(0, "talking to " + base + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted");
    }
  }

  /** The error body's {@code message} (and what it violated), or the status line's reason. */
  private static String messageOf(HttpResponse<byte[]> response) {
    String text = new String(response.body(), StandardCharsets.UTF_8);
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonObject error = reader.readObject();
      StringBuilder message = new StringBuilder(error.getString("message", text));
      if (error.containsKey("violations")) {
        error
            .getJsonArray("violations")
            .forEach(violation -> message.append("\n  ").append(describe(violation)));
      }
      response
          .headers()
          .firstValue("Retry-After")
          .ifPresent(seconds -> message.append(" (try again in ").append(seconds).append(" s)"));
      return message.toString();
    } catch (RuntimeException e) {
      return text.isBlank() ? "HTTP " + response.statusCode() : text.strip();
    }
  }

  private static String describe(jakarta.json.JsonValue violation) {
    if (violation instanceof JsonObject object) {
      return object.getString("field", "?") + ": " + object.getString("message", object.toString());
    }
    return violation.toString();
  }

  private static JsonStructure json(HttpResponse<byte[]> response) {
    try (JsonReader reader =
        Json.createReader(new StringReader(new String(response.body(), StandardCharsets.UTF_8)))) {
      return reader.read();
    }
  }
}
