//! The client's address, which per-address limits count under. Behind
//! reverse proxies it comes from `X-Forwarded-For`, of which only the
//! right-hand end can be believed: each proxy appends the address it saw,
//! and everything to the left of the first proxy is whatever the client
//! wrote. So the list is read from the right, through the proxies the
//! operator trusts, to the first address that is not one of them.

use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies in front of the portal: the nearest `hops` of them by count,
/// and any at an address in `networks`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    hops: u32,
    networks: Vec<IpNet>,
}

/// A trusted-proxy entry that is not an address or a network (`10.0.0.0/8`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IP address or network: {0}")]
pub struct NotANetwork(pub String);

impl TrustedProxies {
    /// No proxy: the client is whoever opened the connection.
    pub fn none() -> Self {
        Self::default()
    }

    /// `networks` as written in the configuration: `10.0.0.0/8`, `::1`, …
    /// (a bare address is that one address).
    pub fn parse(hops: u32, networks: &[String]) -> Result<Self, NotANetwork> {
        let networks = networks
            .iter()
            .map(|n| {
                let n = n.trim();
                n.parse::<IpNet>()
                    .or_else(|_| n.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| NotANetwork(n.to_owned()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { hops, networks })
    }

    pub fn is_empty(&self) -> bool {
        self.hops == 0 && self.networks.is_empty()
    }

    /// Whether the hop `depth` steps from the portal (0 = the peer of the
    /// connection), at `ip`, is one of the trusted proxies.
    fn trusts(&self, depth: u32, ip: IpAddr) -> bool {
        depth < self.hops || self.networks.iter().any(|n| n.contains(&ip))
    }

    /// The client: from the connection's peer leftwards through the
    /// `X-Forwarded-For` entries (`forwarded_for`: every such header, in
    /// order), the first address that is not a trusted proxy. When the list
    /// runs out, or holds something that is not an address, the last
    /// address a trusted proxy vouched for is the answer.
    pub fn client_address(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut entries = forwarded_for.iter().flat_map(|h| h.split(',')).rev();
        let mut client = peer.to_canonical();
        let mut depth = 0;
        while self.trusts(depth, client) {
            match entries.next().and_then(parse_entry) {
                Some(ip) => client = ip,
                None => break,
            }
            depth += 1;
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:443`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let e = entry.trim();
    let ip = e.parse::<IpAddr>().ok().or_else(|| {
        let host = match e.strip_prefix('[') {
            Some(rest) => rest.split_once(']')?.0,
            None => e.rsplit_once(':')?.0,
        };
        host.parse().ok()
    })?;
    Some(ip.to_canonical())
}

/// The key per-address limits count under. An IPv6 client is usually given
/// a whole /64, so its network counts as one client.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn loopback_proxy() -> TrustedProxies {
        TrustedProxies::parse(0, &["127.0.0.1/32".into(), "::1".into()]).unwrap()
    }

    #[test]
    fn without_proxies_the_peer_is_the_client() {
        let p = TrustedProxies::none();
        assert_eq!(p.client_address(ip("198.51.100.7"), &["1.2.3.4"]), ip("198.51.100.7"));
    }

    #[test]
    fn behind_nginx_on_the_same_host_the_entry_nginx_added_counts() {
        let p = loopback_proxy();
        // The client wrote "10.0.0.1"; nginx appended the address it saw.
        assert_eq!(p.client_address(ip("127.0.0.1"), &["10.0.0.1, 203.0.113.50"]), ip("203.0.113.50"));
        assert_eq!(p.client_address(ip("127.0.0.1"), &["203.0.113.50"]), ip("203.0.113.50"));
        // A client reaching the portal directly is not believed.
        assert_eq!(p.client_address(ip("198.51.100.9"), &["203.0.113.50"]), ip("198.51.100.9"));
        // Two header lines are one list, in order.
        assert_eq!(p.client_address(ip("127.0.0.1"), &["10.0.0.1", "203.0.113.50"]), ip("203.0.113.50"));
    }

    #[test]
    fn chains_of_proxies_by_network_or_by_count() {
        // A load balancer in 10.0.0.0/8 in front of nginx on the same host.
        let p = TrustedProxies::parse(0, &["127.0.0.1".into(), "10.0.0.0/8".into()]).unwrap();
        let header = "6.6.6.6, 203.0.113.50, 10.0.0.7";
        assert_eq!(p.client_address(ip("127.0.0.1"), &[header]), ip("203.0.113.50"));
        // The same by count: two proxies.
        let by_count = TrustedProxies::parse(2, &[]).unwrap();
        assert_eq!(by_count.client_address(ip("127.0.0.1"), &[header]), ip("203.0.113.50"));
        // Fewer entries than hops: the left-most, which a proxy wrote.
        assert_eq!(by_count.client_address(ip("127.0.0.1"), &["203.0.113.50"]), ip("203.0.113.50"));
    }

    #[test]
    fn garbage_stops_at_the_last_trusted_hop() {
        let p = loopback_proxy();
        assert_eq!(p.client_address(ip("127.0.0.1"), &["unknown"]), ip("127.0.0.1"));
        assert_eq!(p.client_address(ip("127.0.0.1"), &[""]), ip("127.0.0.1"));
        assert_eq!(p.client_address(ip("127.0.0.1"), &[]), ip("127.0.0.1"));
    }

    #[test]
    fn ports_brackets_and_mapped_addresses() {
        let p = loopback_proxy();
        assert_eq!(p.client_address(ip("::ffff:127.0.0.1"), &["203.0.113.50:4711"]), ip("203.0.113.50"));
        assert_eq!(p.client_address(ip("::1"), &["[2001:db8::1]:443"]), ip("2001:db8::1"));
        assert_eq!(p.client_address(ip("::1"), &["2001:db8::1"]), ip("2001:db8::1"));
        assert_eq!(p.client_address(ip("127.0.0.1"), &["::ffff:192.0.2.1"]), ip("192.0.2.1"));
    }

    #[test]
    fn configuration_errors_name_the_entry() {
        assert_eq!(TrustedProxies::parse(0, &["10.0.0.0/33".into()]), Err(NotANetwork("10.0.0.0/33".into())));
        assert!(TrustedProxies::parse(0, &["nginx".into()]).is_err());
        assert!(TrustedProxies::none().is_empty());
    }

    #[test]
    fn an_ipv6_network_counts_as_one_client() {
        assert_eq!(limit_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(limit_key(ip("2001:db8:1:2:ffff::9")), limit_key(ip("2001:db8:1:2::1")));
        assert_ne!(limit_key(ip("2001:db8:1:3::1")), limit_key(ip("2001:db8:1:2::1")));
        assert_eq!(limit_key(ip("192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(limit_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }

    proptest! {
        /// Whatever a client writes into X-Forwarded-For, behind a trusted
        /// proxy that appends what it saw the portal sees the real address.
        #[test]
        fn a_client_cannot_choose_its_own_address(written in any::<String>(), a in any::<u32>()) {
            let real = IpAddr::V4(a.into());
            prop_assume!(real != ip("127.0.0.1"));
            let appended = format!("{written}, {real}");
            prop_assert_eq!(loopback_proxy().client_address(ip("127.0.0.1"), &[&appended]), real);
            let by_count = TrustedProxies::parse(1, &[]).unwrap();
            prop_assert_eq!(by_count.client_address(ip("192.0.2.200"), &[&appended]), real);
        }

        /// Without trusted proxies, headers are ignored.
        #[test]
        fn untrusted_headers_change_nothing(written in any::<String>(), a in any::<u32>()) {
            let peer = IpAddr::V4(a.into());
            prop_assert_eq!(TrustedProxies::none().client_address(peer, &[&written]), peer);
        }
    }
}
