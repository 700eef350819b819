package io.github.faafo.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic authentication for the administrator, answering 401 with the API's JSON error body and
 * a {@code WWW-Authenticate: Basic realm="faafo"} challenge for API clients; the gallery marks its
 * requests ({@code X-Requested-With: XMLHttpRequest}) and gets no challenge, so a browser shows the
 * gallery's own login form instead of its dialog. Credentials that came over plain HTTP from
 * another machine are refused with 403 before they are checked. Reads stay open, whatever
 * credentials they carry; the web.xml constraints protect PUT and DELETE.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

  private static final String BASIC = "Basic ";

  private static final Logger LOG = Logger.getLogger(AdminAuthenticationMechanism.class.getName());

  @Inject AdminCredentials credentials;

  @Inject
  @ConfigProperty(name = "faafo.api.admin-over-plain-http")
  boolean adminOverPlainHttp;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (!context.isProtected()) {
      return context.doNothing();
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      return refuse(request, response, unauthenticatedMessage());
    }
    if (!request.isSecure() && !adminOverPlainHttp && !fromLoopback(request)) {
      LOG.warning(
          () ->
              "refused a "
                  + request.getMethod()
                  + " with credentials over plain HTTP from "
                  + request.getRemoteAddr()
                  + ": they crossed the network unencrypted; if they were the administrator's,"
                  + " change the password (faafo.api.admin-over-plain-http=false)");
      return send(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "the administrator's credentials are accepted over HTTPS only from this address: send"
              + " the request to the server's https:// address (and change the password, which"
              + " has just crossed the network in clear text)");
    }
    String[] userAndPassword = decode(header.substring(BASIC.length()).trim());
    if (userAndPassword != null && credentials.matches(userAndPassword[0], userAndPassword[1])) {
      return context.notifyContainerAboutLogin(userAndPassword[0], Set.of(AdminCredentials.ROLE));
    }
    return refuse(request, response, "wrong user name or password");
  }

  private String unauthenticatedMessage() {
    return credentials.configured()
        ? "this call needs the administrator's credentials (HTTP Basic)"
        : "no administrator credentials are configured on the server, so changes are refused";
  }

  private static String[] decode(String encoded) {
    try {
      String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether the request came over this machine's loopback (its address is an IP literal). */
  private static boolean fromLoopback(HttpServletRequest request) {
    try {
      return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, String message) {
    if (!"XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"faafo\"");
    }
    return send(response, HttpServletResponse.SC_UNAUTHORIZED, message);
  }

  private static AuthenticationStatus send(
      HttpServletResponse response, int status, String message) {
    try {
      response.setStatus(status);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              Json.createObjectBuilder()
                  .add("status", status)
                  .add("error", status == 401 ? "Unauthorized" : "Forbidden")
                  .add("message", message)
                  .add("violations", Json.createArrayBuilder())
                  .build()
                  .toString());
      response.flushBuffer();
    } catch (IOException e) {
      // the client went away; nothing more to tell it
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
