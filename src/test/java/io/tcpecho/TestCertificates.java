package io.tcpecho;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority and the certificates it signs, made when a test runs and
 * written as PEM files: no private key is ever committed.
 */
public final class TestCertificates {

	private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	private final Path directory;

	private final KeyPair caKeys;

	private final X509Certificate ca;

	public TestCertificates(Path directory) {
		this.directory = directory;
		this.caKeys = keyPair();
		this.ca = sign("CN=tcp-echo test CA", this.caKeys, "CN=tcp-echo test CA", this.caKeys, true);
		write(directory.resolve("ca.crt"), this.ca);
	}

	/** The CA's certificate file, to trust. */
	public Path caCertificate() {
		return this.directory.resolve("ca.crt");
	}

	/**
	 * Issues a certificate for {@code subject} (with localhost and 127.0.0.1 as its names) and writes
	 * {@code name.crt} and {@code name.key}, replacing any earlier ones in one move each.
	 */
	public Issued issue(String name, String subject) {
		KeyPair keys = keyPair();
		X509Certificate certificate = sign(subject, keys, this.ca.getSubjectX500Principal().getName(), this.caKeys,
				false);
		Path crt = this.directory.resolve(name + ".crt");
		Path key = this.directory.resolve(name + ".key");
		write(key, keys);
		write(crt, certificate);
		return new Issued(crt, key, keys, certificate);
	}

	/** A client context that trusts this CA and, when given, presents {@code client}. */
	public SSLContext clientContext(Issued client) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", this.ca);
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyManagerFactory keyManagers = null;
			if (client != null) {
				KeyStore keys = KeyStore.getInstance("PKCS12");
				keys.load(null, null);
				keys.setKeyEntry("client", client.keys().getPrivate(), new char[0],
						new X509Certificate[] { client.certificate(), this.ca });
				keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keyManagers.init(keys, new char[0]);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
					null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public SSLContext clientContext() {
		return clientContext(null);
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean ca) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(serial.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (!ca) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
								new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void write(Path file, Object pem) {
		try {
			StringWriter text = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
				writer.writeObject((pem instanceof KeyPair keys) ? new JcaPKCS8Generator(keys.getPrivate(), null) : pem);
			}
			// written beside, then moved: a watcher never sees half a file
			Path partial = Files.createTempFile(file.getParent(), ".partial", ".pem");
			Files.writeString(partial, text.toString());
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An issued certificate, its files and its keys. */
	public record Issued(Path certificateFile, Path keyFile, KeyPair keys, X509Certificate certificate) {
	}

}
