package dev.basalt.track;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;

/**
 * Lavalink's encoded track strings (spec §5), byte for byte. Clients keep these strings in queues and
 * databases and hand them to any node, so the layout must match lavaplayer's own serialisation exactly;
 * {@link DataInputStream}/{@link DataOutputStream} are used because their UTF methods are the Java
 * modified UTF-8 that the format is defined by.
 *
 * <p>Lavaplayer's {@code AudioPlayerManager.decodeTrack} is not used because it can only write the current
 * version, and it reports a missing source as a {@code null} track rather than saying which source is
 * missing, which is the one thing an operator needs to know.
 */
public final class TrackCodec {

    /** Flag bit 1 in the header: the body starts with a version byte. */
    private static final int FLAG_VERSIONED = 1;
    private static final int SIZE_MASK = 0x3FFFFFFF;
    private static final int CURRENT_VERSION = 3;

    private final AudioPlayerManager manager;

    /**
     * @param manager supplies the source managers; they are looked up on every call rather than copied here,
     *                because plugins may register sources after the codec is built
     */
    public TrackCodec(AudioPlayerManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * Rebuilds a track from its encoded string, with its position set to the encoded start position.
     *
     * @throws TrackDecodingException for anything that is not a decodable track, including tracks whose
     *                                source is not enabled on this node
     */
    public DecodedTrack decode(String encoded) {
        if (encoded == null) {
            throw new TrackDecodingException("no encoded track was given");
        }
        byte[] message;
        try {
            // The basic decoder, like the reference's, accepts missing padding but rejects whitespace and
            // the URL-safe alphabet; being laxer would accept strings other nodes refuse.
            message = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new TrackDecodingException(
                    "encoded track is not valid base64 (standard alphabet expected): " + e.getMessage(), e);
        }
        if (message.length < 4) {
            throw new TrackDecodingException(
                    "encoded track is truncated: " + message.length + " bytes, shorter than the 4-byte header");
        }
        int header = ByteBuffer.wrap(message, 0, 4).getInt();
        int flags = header >>> 30;
        int size = header & SIZE_MASK;
        if (size == 0) {
            throw new TrackDecodingException(
                    "encoded track has a zero-size header (an end-of-stream marker), so it contains no track");
        }
        int available = message.length - 4;
        if (available < size) {
            throw new TrackDecodingException("encoded track is truncated: its header announces " + size
                    + " body bytes but only " + available + " follow");
        }
        // Reading through a window of exactly `size` bytes means a source can never read into whatever
        // follows, and bytes a newer writer appended to the body are skipped without notice.
        var body = new DataInputStream(new ByteArrayInputStream(message, 4, size));
        try {
            return readBody(body, flags);
        } catch (EOFException e) {
            throw new TrackDecodingException(
                    "encoded track is truncated: its " + size + "-byte body ends before all fields were read", e);
        } catch (UTFDataFormatException e) {
            throw new TrackDecodingException("encoded track contains malformed text: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TrackDecodingException("encoded track could not be read: " + e.getMessage(), e);
        }
    }

    private DecodedTrack readBody(DataInputStream in, int flags) throws IOException {
        int version = (flags & FLAG_VERSIONED) != 0 ? in.readUnsignedByte() : 1;
        if (version < 1 || version > CURRENT_VERSION) {
            // The reference would read an unknown version as if it were 3; refusing is safer than guessing
            // at a layout nobody has defined yet.
            throw new TrackDecodingException(
                    "encoded track has version " + version + "; this node reads versions 1 to " + CURRENT_VERSION);
        }
        String title = in.readUTF();
        String author = in.readUTF();
        long length = in.readLong();
        String identifier = in.readUTF();
        boolean isStream = in.readBoolean();
        String uri = version >= 2 ? readNullableText(in) : null;
        String artworkUrl = version >= 3 ? readNullableText(in) : null;
        String isrc = version >= 3 ? readNullableText(in) : null;
        String sourceName = in.readUTF();

        var info = new AudioTrackInfo(title, author, length, identifier, isStream, uri, artworkUrl, isrc);
        AudioTrack track = decodeSourceData(findSource(sourceName), info, in);

        // Position comes after the source data, so it can only be found once the source has consumed its part.
        long position = in.readLong();
        track.setPosition(position);
        return new DecodedTrack(track, version);
    }

    private AudioSourceManager findSource(String sourceName) {
        for (AudioSourceManager source : manager.getSourceManagers()) {
            if (sourceName.equals(source.getSourceName())) {
                return source;
            }
        }
        throw new TrackDecodingException("no source named '" + sourceName + "' is enabled on this node");
    }

    private static AudioTrack decodeSourceData(AudioSourceManager source, AudioTrackInfo info, DataInputStream in) {
        String name = source.getSourceName();
        AudioTrack track;
        try {
            track = source.decodeTrack(info, in);
        } catch (IOException e) {
            throw new TrackDecodingException("encoded track's data for source '" + name
                    + "' is truncated or malformed: " + e, e);
        } catch (RuntimeException e) {
            // Plugin sources may throw anything; callers are promised a TrackDecodingException only.
            throw new TrackDecodingException("source '" + name + "' failed to decode the track: " + e, e);
        }
        if (track == null) {
            throw new TrackDecodingException("source '" + name + "' did not accept the encoded track data");
        }
        return track;
    }

    private static String readNullableText(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /**
     * Encodes at the current version (3) with the track's current position, as the server does whenever it
     * emits a track.
     *
     * @throws TrackEncodingException if the track cannot be represented (see {@link #encode(AudioTrack, int)})
     */
    public String encode(AudioTrack track) {
        return encode(track, CURRENT_VERSION);
    }

    /**
     * Encodes at the given version with the track's current position. Versions 1 and 2 exist so that legacy
     * strings can be reproduced exactly; fields a version lacks are silently left out.
     *
     * @param version 1 (header flags 0, no version byte), 2 or 3
     * @throws IllegalArgumentException if the version is not 1, 2 or 3
     * @throws TrackEncodingException   if the track has no source manager, a required text field is null or
     *                                  longer than 65535 encoded bytes, or its source fails to write its data
     */
    public String encode(AudioTrack track, int version) {
        Objects.requireNonNull(track, "track");
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("encoded track version must be 1, 2 or 3, not " + version);
        }
        AudioTrackInfo info = track.getInfo();
        // The track's own source manager, not one looked up by name: it is the one that knows how to write
        // this track's extra data, even if it has since been unregistered.
        AudioSourceManager source = track.getSourceManager();
        if (source == null) {
            throw new TrackEncodingException(
                    "track '" + info.identifier + "' has no source manager, so it cannot be encoded");
        }

        var bytes = new ByteArrayOutputStream(256);
        var out = new DataOutputStream(bytes);
        try {
            if (version > 1) {
                out.writeByte(version);
            }
            writeText(out, "title", info.title);
            writeText(out, "author", info.author);
            out.writeLong(info.length);
            writeText(out, "identifier", info.identifier);
            out.writeBoolean(info.isStream);
            if (version >= 2) {
                writeNullableText(out, "uri", info.uri);
            }
            if (version >= 3) {
                writeNullableText(out, "artworkUrl", info.artworkUrl);
                writeNullableText(out, "isrc", info.isrc);
            }
            writeText(out, "sourceName", source.getSourceName());
            writeSourceData(source, track, out);
            out.writeLong(track.getPosition());
            out.flush();
        } catch (IOException e) {
            // A ByteArrayOutputStream never fails, so this is a source rejecting the track.
            throw new TrackEncodingException("track '" + info.identifier + "' could not be encoded: " + e, e);
        }

        int size = bytes.size();
        if (size > SIZE_MASK) {
            throw new TrackEncodingException(
                    "track '" + info.identifier + "' encodes to " + size + " bytes, more than the format can hold");
        }
        int flags = version > 1 ? FLAG_VERSIONED : 0;
        ByteBuffer message = ByteBuffer.allocate(4 + size);
        message.putInt(flags << 30 | size);
        message.put(bytes.toByteArray());
        return Base64.getEncoder().encodeToString(message.array());
    }

    private static void writeSourceData(AudioSourceManager source, AudioTrack track, DataOutputStream out)
            throws IOException {
        try {
            source.encodeTrack(track, out);
        } catch (RuntimeException e) {
            throw new TrackEncodingException("source '" + source.getSourceName()
                    + "' failed to encode track '" + track.getInfo().identifier + "': " + e, e);
        }
    }

    private static void writeText(DataOutputStream out, String field, String value) throws IOException {
        if (value == null) {
            throw new TrackEncodingException("track " + field + " is null; the encoded format requires a value");
        }
        writeUtf(out, field, value);
    }

    private static void writeNullableText(DataOutputStream out, String field, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeUtf(out, field, value);
        }
    }

    private static void writeUtf(DataOutputStream out, String field, String value) throws IOException {
        try {
            out.writeUTF(value);
        } catch (UTFDataFormatException e) {
            // The reference fails here too; truncating would silently change what the client sees.
            throw new TrackEncodingException("track " + field + " is too long to encode (" + e.getMessage()
                    + "; the limit is 65535 bytes of modified UTF-8)", e);
        }
    }
}
