package io.github.faafo.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The administrator's credentials and plain HTTP: refused from another address before they are
 * checked, accepted over loopback or TLS, or anywhere when the setting says so.
 */
class AdminAuthenticationMechanismTest {

  private static final String RIGHT = "Basic " + base64("admin:right");

  /** What the mechanism answered: its status, the response's status and body, a login. */
  private record Answer(AuthenticationStatus status, int httpStatus, String body, boolean login) {}

  @Test
  void credentialsOverPlainHttpFromAnotherAddressAreRefusedBeforeTheyAreChecked() {
    Answer refused = validate("10.1.2.3", false, RIGHT, false);
    assertEquals(AuthenticationStatus.SEND_FAILURE, refused.status());
    assertEquals(403, refused.httpStatus());
    assertTrue(refused.body().contains("HTTPS only"), refused.body());
    assertTrue(!refused.login(), "the right credentials logged in over plain HTTP from elsewhere");
    Answer wrong = validate("10.1.2.3", false, "Basic " + base64("admin:wrong"), false);
    assertEquals(403, wrong.httpStatus(), "wrong credentials were checked, not refused for HTTP");
  }

  @Test
  void credentialsOverLoopbackOrTlsOrWithTheRuleOffAreChecked() {
    assertTrue(validate("127.0.0.1", false, RIGHT, false).login(), "IPv4 loopback");
    assertTrue(validate("0:0:0:0:0:0:0:1", false, RIGHT, false).login(), "IPv6 loopback");
    assertTrue(validate("10.1.2.3", true, RIGHT, false).login(), "over TLS");
    assertTrue(validate("10.1.2.3", false, RIGHT, true).login(), "rule turned off");
    assertEquals(
        401, validate("127.0.0.1", false, "Basic " + base64("admin:wrong"), false).httpStatus());
  }

  @Test
  void noCredentialsGetTheChallengeWhereverTheyComeFrom() {
    Answer challenged = validate("10.1.2.3", false, null, false);
    assertEquals(401, challenged.httpStatus());
    assertTrue(challenged.body().contains("administrator's credentials"), challenged.body());
  }

  private static Answer validate(
      String remoteAddress, boolean secure, String authorization, boolean plainHttpAllowed) {
    AdminAuthenticationMechanism mechanism = new AdminAuthenticationMechanism();
    mechanism.credentials = new AdminCredentials();
    mechanism.credentials.user = "admin";
    mechanism.credentials.password = Optional.of("right");
    mechanism.adminOverPlainHttp = plainHttpAllowed;
    Map<String, Object> response = new HashMap<>();
    StringWriter body = new StringWriter();
    boolean[] login = {false};
    HttpServletRequest request =
        fake(
            HttpServletRequest.class,
            Map.of(
                "getRemoteAddr", remoteAddress,
                "isSecure", secure,
                "getMethod", "PUT"),
            name -> "Authorization".equals(name) ? authorization : null);
    HttpServletResponse httpResponse =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                AdminAuthenticationMechanismTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "setStatus" -> response.put("status", args[0]);
                    case "getWriter" -> {
                      return new PrintWriter(body);
                    }
                    default -> {}
                  }
                  return null;
                });
    HttpMessageContext context =
        (HttpMessageContext)
            Proxy.newProxyInstance(
                AdminAuthenticationMechanismTest.class.getClassLoader(),
                new Class<?>[] {HttpMessageContext.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "isProtected" -> {
                      return true;
                    }
                    case "notifyContainerAboutLogin" -> {
                      login[0] = true;
                      return AuthenticationStatus.SUCCESS;
                    }
                    case "doNothing" -> {
                      return AuthenticationStatus.NOT_DONE;
                    }
                    default -> {
                      return null;
                    }
                  }
                });
    AuthenticationStatus status = mechanism.validateRequest(request, httpResponse, context);
    return new Answer(
        status, (Integer) response.getOrDefault("status", 0), body.toString(), login[0]);
  }

  /** A request that answers the given methods and headers, and null to the rest. */
  private static <T> T fake(
      Class<T> type,
      Map<String, Object> answers,
      java.util.function.Function<String, String> headers) {
    return type.cast(
        Proxy.newProxyInstance(
            AdminAuthenticationMechanismTest.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if ("getHeader".equals(method.getName())) {
                return headers.apply((String) args[0]);
              }
              Object answer = answers.get(method.getName());
              if (answer == null && method.getReturnType() == boolean.class) {
                return false;
              }
              return answer;
            }));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
