package io.tcpecho.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * What a connection's TLS handshake agreed on, as an operator reads it.
 *
 * @param protocol such as {@code TLSv1.3}
 * @param cipherSuite such as {@code TLS_AES_256_GCM_SHA384}
 * @param peerSubject the subject of the client's certificate, when it sent one
 */
public record TlsSession(String protocol, String cipherSuite, @Nullable String peerSubject) {

	static TlsSession of(SSLSession session) {
		return new TlsSession(session.getProtocol(), session.getCipherSuite(), peerSubject(session));
	}

	private static @Nullable String peerSubject(SSLSession session) {
		try {
			Certificate[] chain = session.getPeerCertificates();
			return (chain.length > 0 && chain[0] instanceof X509Certificate certificate)
					? certificate.getSubjectX500Principal().getName() : null;
		}
		catch (SSLPeerUnverifiedException ex) {
			// no client certificate: client authentication is off, or wanted and not given
			return null;
		}
	}

}
