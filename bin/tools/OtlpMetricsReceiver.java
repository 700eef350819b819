import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * What bin/check-wildfly collects WildFly's pushed metrics with (OTLP over HTTP, as an OpenTelemetry
 * Collector would take them): keeps the newest value of each application metric per node and writes
 * them to a file, one "node name value" line each, for the check to read.
 *   java -cp opentelemetry-proto.jar:protobuf-java.jar bin/tools/OtlpMetricsReceiver.java PORT FILE
 */
public class OtlpMetricsReceiver {

  private static final String NODE_TAG = "faafo_node";

  private final Map<String, String> newest = new TreeMap<>();
  private final Path file;

  OtlpMetricsReceiver(Path file) {
    this.file = file;
  }

  public static void main(String[] args) throws IOException {
    OtlpMetricsReceiver receiver = new OtlpMetricsReceiver(Path.of(args[1]));
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 16);
    server.createContext("/v1/metrics", receiver::export);
    server.start();
    System.err.println("OTLP metrics receiver on 127.0.0.1:" + args[0] + "/v1/metrics, writing " + args[1]);
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
      int points = keep(request);
      byte[] answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      System.err.println("received " + points + " faafo data points");
    } catch (RuntimeException | IOException e) {
      System.err.println("refused an export: " + e);
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private synchronized int keep(ExportMetricsServiceRequest request) throws IOException {
    int points = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          if (!metric.getName().startsWith("faafo_")) {
            continue;
          }
          List<NumberDataPoint> numbers =
              metric.hasGauge() ? metric.getGauge().getDataPointsList()
                  : metric.hasSum() ? metric.getSum().getDataPointsList() : List.of();
          for (NumberDataPoint point : numbers) {
            double value =
                point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                    ? point.getAsInt() : point.getAsDouble();
            newest.put(node(point.getAttributesList()) + " " + metric.getName(), number(value));
            points++;
          }
          if (metric.hasHistogram()) {
            for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
              String key = node(point.getAttributesList()) + " " + metric.getName();
              newest.put(key + "_count", Long.toString(point.getCount()));
              newest.put(key + "_sum", number(point.getSum()));
              points++;
            }
          }
        }
      }
    }
    StringBuilder lines = new StringBuilder();
    newest.forEach((key, value) -> lines.append(key).append(' ').append(value).append('\n'));
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, lines, StandardCharsets.UTF_8);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return points;
  }

  private static String node(List<KeyValue> attributes) {
    return attributes.stream()
        .filter(a -> a.getKey().equals(NODE_TAG))
        .map(a -> a.getValue().getStringValue())
        .findFirst()
        .orElse("-");
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
