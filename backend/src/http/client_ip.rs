//! The client's address, for the limits that count per client. Directly connected it is the
//! peer. Behind reverse proxies named in `CARRYOVER_TRUSTED_PROXIES` it is the right-most address
//! in `X-Forwarded-For` that is not one of them: everything left of that is whatever the client
//! chose to send. Without the setting the header is ignored, so nobody can pick their own bucket.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;
use crate::error::AppError;

/// An address or a network (`10.0.0.0/8`, `::1`, `2001:db8::/32`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("`{text}` is not an address or a network"))?;
        let net = net.to_canonical();
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{text}`: the prefix length is 0 to {max}"))?,
        };
        Ok(Cidr { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Reads the client's address from the peer and `X-Forwarded-For` as described above.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Cidr]) -> IpAddr {
    let trusted_ip = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !trusted_ip(peer) {
        return peer;
    }
    let mut nearest = peer;
    for hop in forwarded_for.unwrap_or_default().rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted_ip(ip) => nearest = ip,
            Ok(ip) => return ip.to_canonical(),
            // A proxy wrote something that is no address: trust nothing beyond it.
            Err(_) => return nearest,
        }
    }
    nearest
}

/// The extractor: `ClientIp(addr)`.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| anyhow::anyhow!("the server runs without connection info"))?;
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(ClientIp(client_ip(
            peer,
            forwarded,
            &state.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses() {
        let n = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(ip("10.200.3.4")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Cidr::parse("::1").unwrap().contains(ip("::1")));
        assert!(
            Cidr::parse("127.0.0.1")
                .unwrap()
                .contains(ip("::ffff:127.0.0.1"))
        );
        assert!(
            !Cidr::parse("2001:db8::/32")
                .unwrap()
                .contains(ip("10.0.0.1"))
        );
        for bad in ["10.0.0.0/33", "nonsense", "::/129", ""] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxies = [Cidr::parse("10.0.0.0/8").unwrap()];
        let via = |peer: &str, xff: Option<&str>| client_ip(ip(peer), xff, &proxies);
        assert_eq!(
            via("203.0.113.9", Some("1.2.3.4")),
            ip("203.0.113.9"),
            "not a proxy"
        );
        assert_eq!(via("10.0.0.2", Some("1.2.3.4")), ip("1.2.3.4"));
        // The client wrote "6.6.6.6" itself; the proxies appended the real address.
        assert_eq!(
            via("10.0.0.2", Some("6.6.6.6, 198.51.100.7, 10.0.0.1")),
            ip("198.51.100.7")
        );
        assert_eq!(via("10.0.0.2", None), ip("10.0.0.2"));
        assert_eq!(via("10.0.0.2", Some("junk, 10.0.0.1")), ip("10.0.0.1"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("1.2.3.4"), &[]),
            ip("10.0.0.2"),
            "no setting"
        );
    }
}
