package io.github.faafo.api.boundary;

import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalParameters;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A fractal record as the API shows it; the entity itself is never exposed. */
@Schema(
    description =
        "A fractal: its parameters, its status (pending, done, failed) and, once done, what the"
            + " worker rendered. Names in JSON are snake_case (generated_by, created_at, ...).")
public record FractalView(
    String uuid,
    Integer width,
    Integer height,
    Integer iterations,
    Double xa,
    Double xb,
    Double ya,
    Double yb,
    Double cx,
    Double cy,
    @Schema(
            description =
                "the fractal this one was made from (a zoom), or null; it may have been deleted"
                    + " since")
        String parent,
    String status,
    String checksum,
    Double duration,
    Long size,
    String generatedBy,
    String reason,
    int attempts,
    String createdAt,
    String updatedAt) {

  private static final DateTimeFormatter ISO_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX");

  public static FractalView of(Fractal f) {
    FractalParameters p = f.parameters();
    return new FractalView(
        f.getUuid(),
        p.width(),
        p.height(),
        p.iterations(),
        p.xa(),
        p.xb(),
        p.ya(),
        p.yb(),
        p.cx(),
        p.cy(),
        f.getParent(),
        f.getStatus().label(),
        f.getChecksum(),
        f.getDuration(),
        f.getSize(),
        f.getGeneratedBy(),
        f.getReason(),
        f.getAttempts(),
        format(f.getCreatedAt()),
        format(f.getUpdatedAt()));
  }

  private static String format(LocalDateTime utc) {
    return utc == null ? null : utc.atOffset(ZoneOffset.UTC).format(ISO_UTC);
  }
}
