package io.github.faafo.messaging;

/**
 * A worker's reply to a {@link TaskMessage}: what was rendered, by whom, and the PNG with its
 * thumbnail (base64 in JSON), so the record can be completed wherever the worker ran; {@code
 * deliveries} says how many deliveries of the task it took.
 */
public record ResultMessage(
    String uuid,
    double duration,
    String checksum,
    long size,
    String generatedBy,
    double cx,
    double cy,
    int deliveries,
    byte[] png,
    byte[] thumbnail) {

  /** The reply without its images, as the logs show it. */
  public String summary() {
    return "{uuid="
        + uuid
        + ", duration="
        + duration
        + ", checksum="
        + checksum
        + ", size="
        + size
        + ", generated_by="
        + generatedBy
        + ", cx="
        + cx
        + ", cy="
        + cy
        + ", deliveries="
        + deliveries
        + "}";
  }
}
