/**
 * DAVE, Discord's audio end-to-end encryption (protocol version 1).
 *
 * <p>Group key exchange: {@link dev.basalt.voice.discord.dave.DaveGroup} is this member's MLS group state
 * (BouncyCastle's {@code bcmls}) and {@link dev.basalt.voice.discord.dave.DaveSession} drives it from the voice
 * gateway's DAVE ops, sequences transitions and, at each executed transition, hands the sender the key state of the
 * new epoch. All of it runs on the gateway's thread.
 *
 * <p>Media: a {@link dev.basalt.voice.discord.dave.SenderKeyRatchet} turns a sender's MLS-exported base secret into
 * one AES-128 key per generation, a {@link dev.basalt.voice.discord.dave.DaveFrameEncryptor} turns every outgoing
 * Opus frame into a protocol frame on the 20 ms send path (silence frames stay clear), and the
 * {@link dev.basalt.voice.discord.dave.DaveFrameDecryptor} checks and opens frames for tests and the fake server.
 * {@link dev.basalt.voice.discord.dave.PrivacyCode} renders the codes people compare. The send path only reads the
 * key state swapped into the encryptor.
 */
package dev.basalt.voice.discord.dave;
