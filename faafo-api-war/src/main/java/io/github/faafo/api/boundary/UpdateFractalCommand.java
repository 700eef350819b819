package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.FractalStatus;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An administrator's partial update of a fractal's result fields. */
@Schema(
    description =
        "Partial update; any of status (pending to failed: a cancellation; failed to pending: a"
            + " retry), checksum and size (only as the stored image's), duration (seconds),"
            + " generated_by, and uuid (only the path's).")
public record UpdateFractalCommand(
    FractalStatus status,
    String checksum,
    Double duration,
    Long size,
    String generatedBy,
    String uuid) {

  static final Set<String> FIELDS =
      Set.of("status", "checksum", "duration", "size", "generated_by", "uuid");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  static UpdateFractalCommand from(JsonRequest json) {
    String status = json.string("status");
    String checksum = json.string("checksum");
    Double duration = json.number("duration");
    Long size = json.longInteger("size");
    String generatedBy = json.string("generated_by");
    String uuid = json.string("uuid");
    List<Violation> violations = json.violations();
    FractalStatus parsedStatus = null;
    if (status != null) {
      try {
        parsedStatus = FractalStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("status", "must be pending, done or failed"));
      }
    }
    if (checksum != null && !SHA256_HEX.matcher(checksum).matches()) {
      violations.add(new Violation("checksum", "must be 64 lower-case hex digits (SHA-256)"));
    }
    if (duration != null && (!Double.isFinite(duration) || duration < 0)) {
      violations.add(new Violation("duration", "must be a finite number of seconds, 0 or more"));
    }
    if (size != null && size < 0) {
      violations.add(new Violation("size", "must be 0 or more"));
    }
    if (generatedBy != null && (generatedBy.isBlank() || generatedBy.length() > 255)) {
      violations.add(new Violation("generated_by", "must be 1 to 255 characters"));
    }
    return new UpdateFractalCommand(parsedStatus, checksum, duration, size, generatedBy, uuid);
  }
}
