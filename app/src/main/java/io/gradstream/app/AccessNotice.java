package io.gradstream.app;

import io.gradstream.app.runtime.GradstreamRuntime;
import java.io.Console;

/**
 * What {@code run} and {@code demo} tell the person at the terminal about getting in: the viewer
 * URL, with the token in it when the token was generated for this run (shown here once, on standard
 * output, never in the log).
 */
final class AccessNotice {
  private AccessNotice() {}

  /**
   * The base URL to type into a browser: a wildcard bind address is reached as 127.0.0.1 on this
   * machine.
   */
  static String baseUrl(String host, int port) {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    String shown =
        wildcard
            ? "127.0.0.1"
            : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port;
  }

  /**
   * Whether standard output is a person's terminal: a generated token is shown only there, never
   * into a file or a container's log stream, where it would outlive the run and reach whoever reads
   * the logs.
   */
  static boolean toTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+ hands out a console even when output is redirected; isTerminal() says whether it
      // is one.
      return (boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException java21) {
      return true; // Java 21 has a console only for a terminal
    }
  }

  /**
   * The lines to print once the runtime listens.
   *
   * @param showGenerated whether a token generated for this run may be printed (see {@link
   *     #toTerminal()})
   */
  static String lines(GradstreamRuntime runtime, String host, boolean showGenerated) {
    String base = baseUrl(host, runtime.httpPort());
    String token = runtime.accessToken();
    if (token == null) {
      return "    viewer: "
          + base
          + "/   WARNING: http.auth.enabled is false, so anyone who reaches this port may use it"
          + " (a local demo only)";
    }
    if (runtime.accessTokenGenerated() && !showGenerated) {
      return "    access token: one was generated for this run and is not printed, as standard output is not a terminal;"
          + " set http.auth.token (GRADSTREAM_HTTP_AUTH_TOKEN) or http.auth.token-file to get in";
    }
    if (runtime.accessTokenGenerated()) {
      return "    viewer: "
          + base
          + "/?token="
          + token
          + "   (open it in a browser)\n"
          + "    access token (made for this run; set http.auth.token or GRADSTREAM_HTTP_AUTH_TOKEN to keep one):\n"
          + "      curl -H 'Authorization: Bearer "
          + token
          + "' "
          + base
          + "/cameras";
    }
    return "    viewer: "
        + base
        + "/?token=<your http.auth.token>   API: send 'Authorization: Bearer <token>'";
  }
}
