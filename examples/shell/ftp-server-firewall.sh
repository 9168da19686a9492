#!/bin/sh
# Firewall for the FTP server 198.51.100.10 (vsftpd). The kernel FTP helper
# follows the control connections, so passive data arrives as RELATED and no
# port range has to be opened. No findings.
set -e
IPT=/usr/sbin/iptables

$IPT -F
$IPT -t raw -F
$IPT -P INPUT DROP
$IPT -P FORWARD DROP
$IPT -P OUTPUT ACCEPT

# Assign the FTP helper explicitly: current kernels no longer do it by port.
$IPT -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp

$IPT -A INPUT -i lo -j ACCEPT
$IPT -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
$IPT -A INPUT -p tcp -m conntrack --ctstate RELATED -m helper --helper ftp -j ACCEPT
$IPT -A INPUT -p tcp -s 192.0.2.0/24 --dport 22 -j ACCEPT
$IPT -A INPUT -p tcp --dport 21 -j ACCEPT
