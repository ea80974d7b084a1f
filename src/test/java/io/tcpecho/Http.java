package io.tcpecho;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP calls to the running application's Actuator, each on a connection of its own, so
 * no call depends on a kept-alive connection to a server a previous test context has closed.
 */
public final class Http {

	private Http() {
	}

	public static Response get(int port, String path) throws IOException {
		return send(port, path, "GET");
	}

	public static Response delete(int port, String path) throws IOException {
		return send(port, path, "DELETE");
	}

	public static Response post(int port, String path) throws IOException {
		return send(port, path, "POST");
	}

	/** A POST with a JSON body. */
	public static Response post(int port, String path, String json) throws IOException {
		return send(port, path, "POST", json);
	}

	private static Response send(int port, String path, String method) throws IOException {
		return send(port, path, method, null);
	}

	private static Response send(int port, String path, String method, String json) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
			.toURL()
			.openConnection();
		connection.setRequestMethod(method);
		connection.setRequestProperty("Connection", "close");
		connection.setConnectTimeout(5_000);
		connection.setReadTimeout(10_000);
		if (json != null) {
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			connection.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
		}
		try {
			int status = connection.getResponseCode();
			InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
			return new Response(status, (body != null) ? new String(body.readAllBytes(), StandardCharsets.UTF_8) : "");
		}
		finally {
			connection.disconnect();
		}
	}

	/** A status code and the body as text. */
	public record Response(int statusCode, String body) {
	}

}
