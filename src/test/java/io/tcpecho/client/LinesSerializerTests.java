package io.tcpecho.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

import io.tcpecho.transport.Framing;

import static org.assertj.core.api.Assertions.assertThat;

class LinesSerializerTests {

	@ParameterizedTest
	@EnumSource(Framing.class)
	void aBatchIsTheSameBytesAsItsLinesOneByOne(Framing framing) throws IOException {
		AbstractByteArraySerializer framingSerializer = framing.serializer(1024);
		List<byte[]> lines = List.of(bytes("one"), bytes(""), bytes("three\tthree"), new byte[] { 0, (byte) 0xff });
		ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
		for (byte[] line : lines) {
			framingSerializer.serialize(line, oneByOne);
		}

		ByteArrayOutputStream batched = new ByteArrayOutputStream();
		new LinesSerializer(framingSerializer).serialize(new Lines(lines), batched);

		assertThat(batched.toByteArray()).isEqualTo(oneByOne.toByteArray());
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void aSingleLineIsFramedAsBefore(Framing framing) throws IOException {
		AbstractByteArraySerializer framingSerializer = framing.serializer(1024);
		ByteArrayOutputStream direct = new ByteArrayOutputStream();
		framingSerializer.serialize(bytes("hi"), direct);

		ByteArrayOutputStream viaLines = new ByteArrayOutputStream();
		new LinesSerializer(framingSerializer).serialize(bytes("hi"), viaLines);

		assertThat(viaLines.toByteArray()).isEqualTo(direct.toByteArray());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
