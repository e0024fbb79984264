package io.gradstream.app.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A webhook target on a real HTTP server that answers 200 and keeps the alert ids it was sent. */
final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Set<String> ids = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/alerts",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String id = exchange.getRequestHeaders().getFirst("X-Gradstream-Alert-Id");
          requests.incrementAndGet();
          if (id != null) {
            ids.add(id);
          }
          exchange.sendResponseHeaders(id == null ? 400 : 200, -1);
          exchange.close();
        });
    server.start();
  }

  /** The URL to configure as the webhook. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  /** Distinct alert ids received so far. */
  Set<String> ids() {
    return Set.copyOf(ids);
  }

  /** Requests received, repeats included. */
  long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
