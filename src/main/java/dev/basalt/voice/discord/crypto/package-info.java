/**
 * Transport encryption of Discord voice UDP packets: the two "rtpsize" AEAD modes Discord still accepts
 * ({@link dev.basalt.voice.discord.crypto.EncryptionMode}). A {@link dev.basalt.voice.discord.crypto.TransportCipher}
 * seals each RTP packet in place with the session's key: the clear RTP header is the associated data, the payload is
 * encrypted, and the 16-byte tag and a 4-byte nonce counter are appended. Opening packets exists for tests and the
 * fake voice server; the node itself only sends.
 */
package dev.basalt.voice.discord.crypto;
