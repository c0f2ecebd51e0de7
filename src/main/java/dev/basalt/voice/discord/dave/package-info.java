/**
 * DAVE, Discord's audio end-to-end encryption (protocol version 1). The media half lives here: a
 * {@link dev.basalt.voice.discord.dave.SenderKeyRatchet} turns a sender's MLS-exported base secret into one AES-128
 * key per generation, a {@link dev.basalt.voice.discord.dave.DaveFrameEncryptor} turns every outgoing Opus frame
 * into a protocol frame on the 20 ms send path (silence frames stay clear), and the
 * {@link dev.basalt.voice.discord.dave.DaveFrameDecryptor} checks and opens frames for tests and the fake server.
 * {@link dev.basalt.voice.discord.dave.PrivacyCode} renders the codes people compare. The MLS group and the gateway
 * operations that produce the ratchets run on the gateway's thread and only hand ratchets to the encryptor.
 */
package dev.basalt.voice.discord.dave;
