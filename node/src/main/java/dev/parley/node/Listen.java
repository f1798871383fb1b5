package dev.parley.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Whether a node could listen on an address, asked before its data folder is touched: a start that
 * would fail to listen must make nothing (a new folder would show its administrator token to no one).
 * The port is bound and let go at once; a process that takes it in the seconds before the node binds
 * it makes the start fail later, and then the first administrator is not yet made (see {@link Node}).
 */
final class Listen {
  private Listen() {}

  /**
   * @throws NodeConfigException when {@code host} is unknown or not an address of this machine
   * @throws NodeException when the port is taken or may not be bound
   */
  static void check(String host, int port) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new NodeConfigException("cannot listen on " + host + ": no such host");
    }
    try {
      if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
        throw new NodeConfigException("cannot listen on " + host + ": not an address of this machine");
      }
    } catch (SocketException e) {
      throw new NodeConfigException("cannot listen on " + host + ": " + e.getMessage(), e);
    }
    if (port == 0) return; // any free port
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as the server's own socket: a port in TIME_WAIT is free
      probe.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new NodeException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
          + " (is another server using the port? choose another one)");
    }
  }
}
