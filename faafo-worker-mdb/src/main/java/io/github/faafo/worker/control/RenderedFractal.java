package io.github.faafo.worker.control;

/**
 * What the worker produced for one task, ready to be stored and reported to the producer.
 *
 * <p>The arrays are neither copied nor compared by content: {@code equals} compares them by
 * identity, as records do.
 *
 * @param png the image as a PNG file
 * @param thumbnail the gallery thumbnail as a PNG file
 * @param checksum lower-case hex SHA-256 of {@code png}
 * @param size length of {@code png} in bytes
 * @param cx real part of the Julia constant used
 * @param cy imaginary part of the Julia constant used
 * @param durationSeconds time spent picking the constant and rendering the pixels, as the original
 *     measured it; encoding is not included
 */
public record RenderedFractal(
    byte[] png,
    byte[] thumbnail,
    String checksum,
    long size,
    double cx,
    double cy,
    double durationSeconds) {}
