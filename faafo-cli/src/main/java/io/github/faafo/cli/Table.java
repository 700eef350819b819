package io.github.faafo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A text table drawn as the original's prettytable drew it: a header and rows between rules. */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int width : widths) {
      rule.append("-".repeat(width + 2)).append('+');
    }
    out.println(rule);
    out.println(line(header, widths));
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
    out.println(rule);
    out.flush();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      line.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
      line.append(" |");
    }
    return line.toString();
  }
}
