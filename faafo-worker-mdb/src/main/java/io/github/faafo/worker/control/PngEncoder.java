package io.github.faafo.worker.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNGs several times faster than {@code ImageIO}, because the worker encodes every
 * image it renders.
 *
 * <p>Choices, measured on the 1024 × 1024 reference image (docs/benchmarks.md): every row uses the
 * "Up" filter, which compressed best of the cheap filters, and the image data is deflated at level
 * 1, the fastest level ({@link Deflater#HUFFMAN_ONLY} was both slower and more than twice as
 * large). The file comes out about 10 % larger than {@code ImageIO.write}'s default (298,047 bytes
 * instead of 272,070 for the reference image). The filtered rows are cut into segments of {@value
 * #SEGMENT_BYTES} bytes (whole rows), deflated independently on the common fork-join pool and
 * joined into one zlib stream, as pigz does; the cut depends only on the image's size, so the
 * bytes, and so the checksum, are the same on any machine with the same zlib.
 */
public final class PngEncoder {

  /** Uncompressed bytes (whole filtered rows, at least one) deflated as one independent segment. */
  static final int SEGMENT_BYTES = 1 << 18;

  private static final int DEFLATE_LEVEL = 1;
  private static final byte FILTER_UP = 2;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PngEncoder() {}

  /**
   * Encodes packed {@code 0xRRGGBB} pixels (row-major; the top byte is ignored) as a PNG.
   *
   * @throws IllegalArgumentException when a dimension is below 1, the array's length is not width ×
   *     height, or a row would not fit in an array
   */
  public static byte[] encode(int width, int height, int[] rgb) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("bad image size " + width + " × " + height);
    }
    if ((long) width * height != rgb.length) {
      throw new IllegalArgumentException(
          rgb.length + " pixels given for a " + width + " × " + height + " image");
    }
    if (3L * width + 1 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too wide: " + width);
    }
    int rowBytes = 3 * width + 1;
    int segmentRows = Math.max(1, SEGMENT_BYTES / rowBytes);
    int segments = (height + segmentRows - 1) / segmentRows;
    byte[][] deflated = new byte[segments][];
    long[] adlers = new long[segments];
    IntStream indices = IntStream.range(0, segments);
    if (segments > 1) {
      indices = indices.parallel();
    }
    indices.forEach(
        s -> {
          int fromRow = s * segmentRows;
          int toRow = Math.min(height, fromRow + segmentRows);
          byte[] filtered = filterRows(width, rgb, fromRow, toRow);
          deflated[s] = deflate(filtered, s == segments - 1);
          adlers[s] = adler32(filtered);
        });

    long adler = adlers[0];
    for (int s = 1; s < segments; s++) {
      int rows = Math.min(height, (s + 1) * segmentRows) - s * segmentRows;
      adler = combineAdler32(adler, adlers[s], (long) rows * rowBytes);
    }
    long idatLength = 2 + 4;
    for (byte[] part : deflated) {
      idatLength += part.length;
    }
    if (idatLength > Integer.MAX_VALUE - 8 - 57) {
      throw new IllegalArgumentException("compressed image too large: " + idatLength + " bytes");
    }

    byte[] png = new byte[SIGNATURE.length + 12 + 13 + 12 + (int) idatLength + 12];
    System.arraycopy(SIGNATURE, 0, png, 0, SIGNATURE.length);
    int o = SIGNATURE.length;
    int ihdr = o + 8;
    putInt(png, ihdr, width);
    putInt(png, ihdr + 4, height);
    png[ihdr + 8] = 8; // bit depth
    png[ihdr + 9] = 2; // colour type RGB; compression, filter method and interlace stay 0
    o = finishChunk(png, o, "IHDR", 13);

    int idat = o + 8;
    // zlib header: deflate with a 32 KiB window and the "fastest" level hint; 0x7801 % 31 == 0.
    png[idat] = 0x78;
    png[idat + 1] = 0x01;
    int p = idat + 2;
    for (byte[] part : deflated) {
      System.arraycopy(part, 0, png, p, part.length);
      p += part.length;
    }
    putInt(png, p, (int) adler);
    o = finishChunk(png, o, "IDAT", (int) idatLength);

    finishChunk(png, o, "IEND", 0);
    return png;
  }

  /** Rows [fromRow, toRow) with filter type Up: each byte minus the one above (0 above row 0). */
  private static byte[] filterRows(int width, int[] rgb, int fromRow, int toRow) {
    byte[] out = new byte[(toRow - fromRow) * (3 * width + 1)];
    int o = 0;
    for (int y = fromRow; y < toRow; y++) {
      out[o++] = FILTER_UP;
      int row = y * width;
      if (y == 0) {
        for (int x = 0; x < width; x++) {
          int c = rgb[row + x];
          out[o] = (byte) (c >> 16);
          out[o + 1] = (byte) (c >> 8);
          out[o + 2] = (byte) c;
          o += 3;
        }
      } else {
        int above = row - width;
        for (int x = 0; x < width; x++) {
          int c = rgb[row + x];
          int u = rgb[above + x];
          out[o] = (byte) ((c >> 16) - (u >> 16));
          out[o + 1] = (byte) ((c >> 8) - (u >> 8));
          out[o + 2] = (byte) (c - u);
          o += 3;
        }
      }
    }
    return out;
  }

  /**
   * Raw deflate of one segment: the last one ends the stream, the others end with a sync flush (an
   * empty stored block) so that the next segment can follow on a byte boundary.
   */
  private static byte[] deflate(byte[] input, boolean last) {
    Deflater deflater = new Deflater(DEFLATE_LEVEL, true);
    try {
      deflater.setInput(input);
      byte[] out = new byte[input.length / 4 + 64];
      int length = 0;
      if (last) {
        deflater.finish();
        while (!deflater.finished()) {
          if (length == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          length += deflater.deflate(out, length, out.length - length);
        }
      } else {
        while (true) {
          length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
          if (length < out.length) {
            break;
          }
          out = Arrays.copyOf(out, out.length * 2);
        }
      }
      return Arrays.copyOf(out, length);
    } finally {
      deflater.end();
    }
  }

  private static long adler32(byte[] data) {
    Adler32 adler = new Adler32();
    adler.update(data);
    return adler.getValue();
  }

  /** Adler-32 of A followed by B from those of A and B (zlib's adler32_combine). */
  static long combineAdler32(long adlerA, long adlerB, long lengthB) {
    final long base = 65521;
    long rem = lengthB % base;
    long sum1 = adlerA & 0xffff;
    long sum2 = (rem * sum1) % base;
    sum1 += (adlerB & 0xffff) + base - 1;
    sum2 += ((adlerA >>> 16) & 0xffff) + ((adlerB >>> 16) & 0xffff) + base - rem;
    if (sum1 >= base) {
      sum1 -= base;
    }
    if (sum1 >= base) {
      sum1 -= base;
    }
    if (sum2 >= base << 1) {
      sum2 -= base << 1;
    }
    if (sum2 >= base) {
      sum2 -= base;
    }
    return sum1 | (sum2 << 16);
  }

  /**
   * Fills in the length, type and CRC of the chunk starting at {@code offset} whose {@code length}
   * data bytes are already in place; returns the offset after it.
   */
  private static int finishChunk(byte[] png, int offset, String type, int length) {
    putInt(png, offset, length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(typeBytes, 0, png, offset + 4, 4);
    CRC32 crc = new CRC32();
    crc.update(png, offset + 4, 4 + length);
    int end = offset + 8 + length;
    putInt(png, end, (int) crc.getValue());
    return end + 4;
  }

  private static void putInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }
}
