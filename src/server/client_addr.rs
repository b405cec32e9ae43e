//! Who a request comes from, for the limits that count per client: the TCP peer, or, when the peer
//! is one of CLAIMCHECK_TRUSTED_PROXIES, the address that proxy reports in `Forwarded` or
//! `X-Forwarded-For`. IPv6 clients are counted per /64, since one host usually holds a whole /64.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The client address a request is counted under (a request extension set by `middleware`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The key limits count under: the address itself for IPv4, its /64 network for IPv6
    /// (IPv4-mapped IPv6 addresses count as the IPv4 address).
    pub fn key(&self) -> String {
        key_of(self.0)
    }
}

pub fn key_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// CLAIMCHECK_TRUSTED_PROXIES: comma- or space-separated CIDRs or single addresses.
pub fn parse_trusted_proxies(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>().or_else(|_| s.parse::<IpAddr>().map(IpNet::from)).map_err(|_| {
                format!("CLAIMCHECK_TRUSTED_PROXIES: {s:?} is not an address or CIDR (10.0.0.0/8, ::1)")
            })
        })
        .collect()
}

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    proxies.iter().any(|net| net.contains(&ip))
}

/// The client address: the peer, unless the peer is a trusted proxy; then the right-most address in
/// the forwarding chain that is not itself a trusted proxy (addresses further left were written by
/// the client and can be forged). `Forwarded` (RFC 7239) wins over `X-Forwarded-For` when both
/// are present. A chain that is unreadable, or made only of trusted proxies, counts as the peer.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> IpAddr {
    if !trusted(peer, proxies) {
        return peer;
    }
    let chain = forwarded_chain(headers).or_else(|| x_forwarded_for_chain(headers));
    let Some(chain) = chain else { return peer };
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) if trusted(*ip, proxies) => continue,
            Some(ip) => return *ip,
            // An obfuscated or unknown hop: nothing to the left of it can be trusted.
            None => return peer,
        }
    }
    peer
}

/// Every `for=` of every `Forwarded` header, in order; None when there is no such header.
fn forwarded_chain(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut out = Vec::new();
    let mut seen = false;
    for value in headers.get_all("forwarded") {
        seen = true;
        let Ok(value) = value.to_str() else { return Some(vec![None]) };
        for element in value.split(',') {
            for pair in element.split(';') {
                let Some((k, v)) = pair.trim().split_once('=') else { continue };
                if k.trim().eq_ignore_ascii_case("for") {
                    out.push(parse_node(v.trim().trim_matches('"')));
                }
            }
        }
    }
    seen.then_some(out)
}

fn x_forwarded_for_chain(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut out = Vec::new();
    let mut seen = false;
    for value in headers.get_all("x-forwarded-for") {
        seen = true;
        let Ok(value) = value.to_str() else { return Some(vec![None]) };
        out.extend(value.split(',').map(|s| parse_node(s.trim())));
    }
    seen.then_some(out)
}

/// `192.0.2.1`, `192.0.2.1:443`, `[2001:db8::1]`, `[2001:db8::1]:443` or `2001:db8::1`.
fn parse_node(raw: &str) -> Option<IpAddr> {
    if let Ok(ip) = raw.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sock) = raw.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')).and_then(|r| r.parse::<IpAddr>().ok())
}

/// Middleware: puts the request's `ClientAddr` into its extensions.
pub async fn middleware(
    State(proxies): State<std::sync::Arc<Vec<IpNet>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let client = resolve(peer, req.headers(), &proxies);
    req.extensions_mut().insert(ClientAddr(client));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[("x-forwarded-for", "198.51.100.7"), ("forwarded", "for=198.51.100.8")]);
        assert_eq!(resolve(ip("203.0.113.5"), &h, &[]), ip("203.0.113.5"));
        let proxies = parse_trusted_proxies("10.0.0.0/8").unwrap();
        assert_eq!(resolve(ip("203.0.113.5"), &h, &proxies), ip("203.0.113.5"));
    }

    #[test]
    fn a_trusted_proxy_reports_the_right_most_untrusted_hop() {
        let proxies = parse_trusted_proxies("10.0.0.0/8, 192.168.1.1").unwrap();
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 192.168.1.1")]);
        assert_eq!(
            resolve(ip("10.1.2.3"), &h, &proxies),
            ip("198.51.100.7"),
            "the forged 1.2.3.4 is not used"
        );
    }

    #[test]
    fn forwarded_is_read_with_ports_brackets_and_quotes() {
        let proxies = parse_trusted_proxies("127.0.0.1/32").unwrap();
        let h = headers(&[("forwarded", "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &proxies), ip("2001:db8:cafe::17"));
    }

    #[test]
    fn an_unknown_hop_or_a_missing_header_counts_as_the_peer() {
        let proxies = parse_trusted_proxies("127.0.0.1").unwrap();
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(resolve(ip("127.0.0.1"), &h, &proxies), ip("127.0.0.1"));
        assert_eq!(resolve(ip("127.0.0.1"), &HeaderMap::new(), &proxies), ip("127.0.0.1"));
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        assert_eq!(key_of(ip("2001:db8:1:2:aaaa::1")), key_of(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(key_of(ip("2001:db8:1:2::1")), key_of(ip("2001:db8:1:3::1")));
        assert_eq!(key_of(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert_eq!(key_of(ip("192.0.2.1")), "192.0.2.1");
    }

    #[test]
    fn bad_proxy_lists_say_what_is_wrong() {
        assert!(parse_trusted_proxies("10.0.0.0/8,nonsense").unwrap_err().contains("nonsense"));
        assert_eq!(parse_trusted_proxies("").unwrap(), vec![]);
    }
}
