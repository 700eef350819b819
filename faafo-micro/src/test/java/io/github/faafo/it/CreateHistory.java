package io.github.faafo.it;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The history check of the partition tests: every create a client sent, under a uuid of its own,
 * with the answer it got (or none), then checked against what the system stored. Every create
 * answered 201 (or 200, a repeat) must end done with its image's SHA-256 as its checksum; every
 * answer must be one of those or a 503 with Retry-After; a create that got no answer is unknown,
 * and is sent again under its uuid as a client would.
 */
final class CreateHistory {

  /** One create and what became of it: the HTTP status, or 0 when no answer came. */
  record Attempt(String uuid, String through, int status, String retryAfter, String body) {

    boolean accepted() {
      return status == 201 || status == 200;
    }
  }

  private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());

  /** Sends a create of {@code task} (a JSON object) through {@code api} under a new uuid. */
  Attempt post(String through, Api api, String task) {
    return post(through, api, task, UUID.randomUUID().toString());
  }

  /** Sends a create of {@code task} through {@code api} under {@code uuid}, and records it. */
  Attempt post(String through, Api api, String task, String uuid) {
    String body = task.substring(0, task.lastIndexOf('}')) + ",\"uuid\":\"" + uuid + "\"}";
    Attempt attempt;
    try {
      Api.Reply reply = api.post("api/fractal", body);
      attempt =
          new Attempt(uuid, through, reply.status(), reply.header("Retry-After"), reply.text());
    } catch (UncheckedIOException e) {
      attempt = new Attempt(uuid, through, 0, "", e.getCause().toString());
    }
    attempts.add(attempt);
    return attempt;
  }

  /** The uuids of the creates that were answered 201 or 200. */
  Set<String> accepted() {
    Set<String> accepted = new LinkedHashSet<>();
    snapshot().stream().filter(Attempt::accepted).forEach(a -> accepted.add(a.uuid()));
    return accepted;
  }

  /** How many creates through {@code through} were accepted. */
  long acceptedThrough(String through) {
    return snapshot().stream().filter(a -> a.accepted() && a.through().equals(through)).count();
  }

  /** The uuids of the creates that were never accepted: unanswered, or refused with 503. */
  Set<String> notAccepted() {
    Set<String> all = new LinkedHashSet<>();
    snapshot().forEach(a -> all.add(a.uuid()));
    all.removeAll(accepted());
    return all;
  }

  /** Sends every create that was never accepted again, under its uuid, through {@code api}. */
  int resendNotAccepted(String through, Api api, String task) {
    Set<String> again = notAccepted();
    again.forEach(uuid -> post(through, api, task, uuid));
    return again.size();
  }

  /**
   * Fails unless every answer was 201, 200 or a 503 with Retry-After: no other 5xx, no 4xx for a
   * valid create.
   */
  void checkAnswers() {
    List<Attempt> wrong =
        snapshot().stream()
            .filter(
                a ->
                    a.status() != 0
                        && !a.accepted()
                        && !(a.status() == 503 && a.retryAfter().matches("\\d+")))
            .toList();
    if (!wrong.isEmpty()) {
      throw new AssertionError("answers a client must never get: " + wrong);
    }
  }

  /**
   * Fails unless every accepted create is done, its image's SHA-256 its checksum (one result, not
   * two), read through {@code api}; returns how many were checked.
   */
  int checkStored(Api api) {
    Set<String> accepted = accepted();
    List<String> wrong = new ArrayList<>();
    for (String uuid : accepted) {
      Api.Reply record = api.get("api/fractal/" + uuid);
      if (record.status() != 200) {
        wrong.add(uuid + " answers " + record.status() + ": " + record.text());
        continue;
      }
      String status = record.json().getString("status", "?");
      String checksum = record.json().getString("checksum", "");
      if (!status.equals("done")) {
        wrong.add(uuid + " is " + status);
        continue;
      }
      Api.Reply image = api.get("api/fractal/" + uuid + "/image");
      String digest = sha256(image.body());
      if (image.status() != 200 || !digest.equals(checksum)) {
        wrong.add(
            uuid + "'s image (" + image.status() + ") has SHA-256 " + digest + ", not " + checksum);
      }
    }
    if (!wrong.isEmpty()) {
      throw new AssertionError(
          wrong.size() + " of " + accepted.size() + " accepted creates: " + wrong);
    }
    return accepted.size();
  }

  /** The answers counted, for a report line or a failure message. */
  String summary() {
    List<Attempt> all = snapshot();
    return String.format(
        Locale.ROOT,
        "%d create requests: %d answered 201, %d repeats answered 200, %d refused with 503 and"
            + " Retry-After, %d unanswered",
        all.size(),
        all.stream().filter(a -> a.status() == 201).count(),
        all.stream().filter(a -> a.status() == 200).count(),
        all.stream().filter(a -> a.status() == 503).count(),
        all.stream().filter(a -> a.status() == 0).count());
  }

  private List<Attempt> snapshot() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
