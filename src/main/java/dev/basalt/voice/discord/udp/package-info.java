/**
 * The UDP side of a Discord voice connection: {@link dev.basalt.voice.discord.udp.IpDiscovery} learns our public
 * address on the connection's socket, {@link dev.basalt.voice.discord.udp.RtpPacketizer} writes RTP headers,
 * {@link dev.basalt.voice.discord.udp.UdpKeepAlive} keeps an idle NAT binding open, and a
 * {@link dev.basalt.voice.discord.udp.PacedSender} sends one packet per connection every 20 ms. The paced sender is
 * udp-queue's native queue when it loads (it keeps sending through JVM pauses from a buffer of pre-built packets),
 * otherwise one Java thread.
 */
package dev.basalt.voice.discord.udp;
