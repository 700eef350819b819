package io.github.faafo.worker.control;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit PNGs several times faster than {@code ImageIO}, because the worker encodes every
 * image it renders.
 *
 * <p>An image of at most 256 colours (every fractal: its colour depends on the escape count mod 32
 * only) is written as a palette image (colour type 3), one byte a pixel instead of three, with the
 * colours in order of first appearance, rows unfiltered and deflated at level 4; any other image (a
 * thumbnail, whose pixels are averages) as RGB (colour type 2), every row with the "Up" filter and
 * deflated at level 1, the fastest. Measured on the 1024 × 1024 reference image
 * (docs/benchmarks.md). The filtered rows are cut into segments of {@value #SEGMENT_BYTES} bytes
 * (whole rows), deflated independently on the common fork-join pool and joined into one zlib
 * stream, as pigz does; the cut depends only on the image's size, so the bytes, and so the
 * checksum, are the same on any machine with the same zlib.
 */
public final class PngEncoder {

  /** Uncompressed bytes (whole filtered rows, at least one) deflated as one independent segment. */
  static final int SEGMENT_BYTES = 1 << 18;

  /** Pixels whose colours one task of the palette's parallel pass finds. */
  static final int PALETTE_CHUNK_PIXELS = 1 << 18;

  /** The most colours a palette image can have. */
  static final int MAX_PALETTE = 256;

  /** Deflate level of RGB images: the fastest. */
  private static final int RGB_LEVEL = 1;

  /** Deflate level of palette images: a third of the bytes makes level 4 as cheap as RGB's 1. */
  private static final int PALETTE_LEVEL = 4;

  private static final byte FILTER_NONE = 0;
  private static final byte FILTER_UP = 2;
  private static final byte COLOUR_TYPE_RGB = 2;
  private static final byte COLOUR_TYPE_PALETTE = 3;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Filters rows [fromRow, toRow) of one image into PNG scanlines (filter byte first). */
  private interface Scanlines {
    byte[] filter(int fromRow, int toRow);
  }

  private PngEncoder() {}

  /**
   * Encodes packed {@code 0xRRGGBB} pixels (row-major; the top byte is ignored) as a PNG: a palette
   * image when they have at most 256 colours, RGB otherwise; either decodes to the same pixels.
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
    byte[] indices = new byte[rgb.length];
    int[] palette = paletteOf(rgb, indices);
    if (palette != null) {
      byte[] plte = new byte[3 * palette.length];
      for (int i = 0; i < palette.length; i++) {
        plte[3 * i] = (byte) (palette[i] >> 16);
        plte[3 * i + 1] = (byte) (palette[i] >> 8);
        plte[3 * i + 2] = (byte) palette[i];
      }
      return assemble(
          width,
          height,
          COLOUR_TYPE_PALETTE,
          plte,
          width + 1,
          PALETTE_LEVEL,
          (from, to) -> indexRows(width, indices, from, to));
    }
    return assemble(
        width,
        height,
        COLOUR_TYPE_RGB,
        null,
        3 * width + 1,
        RGB_LEVEL,
        (from, to) -> filterRows(width, rgb, from, to));
  }

  /**
   * The colours of {@code rgb} in order of first appearance, with each pixel's index written to
   * {@code indices}; null when there are more than {@value #MAX_PALETTE}. Chunks of {@value
   * #PALETTE_CHUNK_PIXELS} pixels find their own colours in parallel, which are then merged in
   * chunk order (so the order is the same as one pass would give) and each chunk's indices
   * translated in place.
   */
  static int[] paletteOf(int[] rgb, byte[] indices) {
    return paletteOf(rgb, indices, PALETTE_CHUNK_PIXELS);
  }

  /** {@link #paletteOf(int[], byte[])} in chunks of {@code chunkPixels}. */
  static int[] paletteOf(int[] rgb, byte[] indices, int chunkPixels) {
    int chunks = (rgb.length + chunkPixels - 1) / chunkPixels;
    if (chunks == 1) {
      return localPalette(rgb, indices, 0, rgb.length);
    }
    int[][] locals = new int[chunks][];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c ->
                locals[c] =
                    localPalette(
                        rgb,
                        indices,
                        c * chunkPixels,
                        Math.min(rgb.length, (c + 1) * chunkPixels)));
    ColourTable merged = new ColourTable();
    byte[][] toMerged = new byte[chunks][];
    for (int c = 0; c < chunks; c++) {
      if (locals[c] == null) {
        return null;
      }
      toMerged[c] = new byte[locals[c].length];
      for (int i = 0; i < locals[c].length; i++) {
        int index = merged.indexOf(locals[c][i]);
        if (index < 0) {
          return null;
        }
        toMerged[c][i] = (byte) index;
      }
    }
    IntStream.range(1, chunks)
        .parallel()
        .forEach(
            c -> {
              byte[] table = toMerged[c];
              for (int p = c * chunkPixels, end = Math.min(rgb.length, p + chunkPixels);
                  p < end;
                  p++) {
                indices[p] = table[indices[p] & 0xFF];
              }
            });
    return merged.colours();
  }

  /**
   * The colours of pixels [from, to) in order of first appearance, each pixel's index among them
   * written to {@code indices}; null when there are more than {@value #MAX_PALETTE}. Neighbouring
   * pixels of one colour skip the lookup.
   */
  private static int[] localPalette(int[] rgb, byte[] indices, int from, int to) {
    ColourTable table = new ColourTable();
    int previous = -1;
    byte previousIndex = 0;
    for (int p = from; p < to; p++) {
      int colour = rgb[p] & 0xFFFFFF;
      if (colour != previous) {
        int index = table.indexOf(colour);
        if (index < 0) {
          return null;
        }
        previous = colour;
        previousIndex = (byte) index;
      }
      indices[p] = previousIndex;
    }
    return table.colours();
  }

  /**
   * Up to {@value #MAX_PALETTE} colours numbered in the order they are first asked for: an
   * open-addressing table of 1,024 slots.
   */
  private static final class ColourTable {
    private final int[] keys = new int[1024];
    private final byte[] slots = new byte[1024];
    private final int[] colours = new int[MAX_PALETTE];
    private int count;

    /** The number of {@code colour} (0xRRGGBB), new ones numbered next; -1 when it is full. */
    int indexOf(int colour) {
      int key = colour | 0x1000000;
      int slot = (colour * 0x9E3779B1) >>> 22;
      while (keys[slot] != 0 && keys[slot] != key) {
        slot = (slot + 1) & 1023;
      }
      if (keys[slot] == 0) {
        if (count == MAX_PALETTE) {
          return -1;
        }
        keys[slot] = key;
        slots[slot] = (byte) count;
        colours[count++] = colour;
      }
      return slots[slot] & 0xFF;
    }

    int[] colours() {
      return Arrays.copyOf(colours, count);
    }
  }

  /** Signature, IHDR, PLTE when given, IDAT from {@code scanlines}, IEND. */
  private static byte[] assemble(
      int width,
      int height,
      byte colourType,
      byte[] plte,
      int rowBytes,
      int level,
      Scanlines scanlines) {
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
          byte[] filtered = scanlines.filter(fromRow, toRow);
          deflated[s] = deflate(filtered, level, s == segments - 1);
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
    if (idatLength > Integer.MAX_VALUE - 8 - 57 - 12 - 768) {
      throw new IllegalArgumentException("compressed image too large: " + idatLength + " bytes");
    }

    int plteChunk = plte == null ? 0 : 12 + plte.length;
    byte[] png = new byte[SIGNATURE.length + 12 + 13 + plteChunk + 12 + (int) idatLength + 12];
    System.arraycopy(SIGNATURE, 0, png, 0, SIGNATURE.length);
    int o = SIGNATURE.length;
    int ihdr = o + 8;
    putInt(png, ihdr, width);
    putInt(png, ihdr + 4, height);
    png[ihdr + 8] = 8; // bit depth
    png[ihdr + 9] = colourType; // compression, filter method and interlace stay 0
    o = finishChunk(png, o, "IHDR", 13);

    if (plte != null) {
      System.arraycopy(plte, 0, png, o + 8, plte.length);
      o = finishChunk(png, o, "PLTE", plte.length);
    }

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

  /**
   * Palette rows [fromRow, toRow) unfiltered: indices of runs of one colour compress best as they
   * are (measured: None at level 4 gives 158 KB for the reference image, Up 174 KB, Sub 172 KB).
   */
  private static byte[] indexRows(int width, byte[] indices, int fromRow, int toRow) {
    byte[] out = new byte[(toRow - fromRow) * (width + 1)];
    int o = 0;
    for (int y = fromRow; y < toRow; y++) {
      out[o++] = FILTER_NONE;
      System.arraycopy(indices, y * width, out, o, width);
      o += width;
    }
    return out;
  }

  /**
   * RGB rows [fromRow, toRow) with filter type Up: each byte minus the one above (0 above row 0).
   */
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
  private static byte[] deflate(byte[] input, int level, boolean last) {
    Deflater deflater = new Deflater(level, true);
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
