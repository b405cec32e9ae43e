//! The one outbound HTTP client: fetches a page a reviewer asked to import, and nothing else leaves the
//! machine. Guards against being turned on the server's own network (SSRF): http and https only; the
//! host is resolved here and every address checked (loopback, private, link-local, unique-local,
//! multicast, unspecified, cloud metadata ... are refused), then the request is made to exactly the
//! addresses that passed (so a second DNS answer cannot differ: no rebinding); redirects are followed
//! by hand, at most five, each one checked the same way. One overall deadline, a size cap read as a
//! stream, HTML content types only.

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use url::{Host, Url};

/// The most a page may weigh; the rest is never read.
pub const MAX_PAGE_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_REDIRECTS: usize = 5;
pub const DEFAULT_TIMEOUT_S: u64 = 10;
const USER_AGENT: &str =
    concat!("claimcheck/", env!("CARGO_PKG_VERSION"), " (article import for fact-checking)");

/// How the fetcher is allowed to behave (from `CLAIMCHECK_FETCH_TIMEOUT_S` and
/// `CLAIMCHECK_FETCH_ALLOW_HOSTS`).
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    pub timeout: Duration,
    /// Hosts exempt from the private-address refusal: `(host, port)`; no port means any port.
    pub allow_hosts: Vec<(String, Option<u16>)>,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy { timeout: Duration::from_secs(DEFAULT_TIMEOUT_S), allow_hosts: Vec::new() }
    }
}

impl FetchPolicy {
    /// Parses `host[:port],host[:port]`; IPv6 literals in brackets (`[::1]:8080`).
    pub fn parse_allow_hosts(list: &str) -> Vec<(String, Option<u16>)> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|entry| {
                let entry = entry.to_ascii_lowercase();
                if let Some(rest) = entry.strip_prefix('[') {
                    if let Some((host, tail)) = rest.split_once(']') {
                        let port = tail.strip_prefix(':').and_then(|p| p.parse().ok());
                        return (host.to_string(), port);
                    }
                }
                match entry.rsplit_once(':') {
                    Some((host, port)) if !host.contains(':') => match port.parse() {
                        Ok(p) => (host.to_string(), Some(p)),
                        Err(_) => (entry.clone(), None),
                    },
                    _ => (entry.clone(), None),
                }
            })
            .collect()
    }

    fn allows(&self, host: &str, port: u16) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.allow_hosts.iter().any(|(h, p)| *h == host && p.is_none_or(|p| p == port))
    }
}

/// A fetched page: where it ended up, its declared type (for the charset), its bytes.
#[derive(Debug)]
pub struct Fetched {
    pub url: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a page was not fetched; `Display` is the sentence the reviewer sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("only http:// and https:// links can be imported")]
    Scheme,
    #[error("not a valid link; it should look like https://example.org/page")]
    BadUrl,
    #[error("that address is on a private network")]
    Private,
    #[error("could not find the site {0}")]
    UnknownHost(String),
    #[error("could not connect to the site")]
    Unreachable,
    #[error("the site did not answer within {0} s")]
    Timeout(u64),
    #[error("the site stopped sending the page before its end")]
    BrokenOff,
    #[error("the page redirected more than {MAX_REDIRECTS} times")]
    TooManyRedirects,
    #[error("the page is larger than 5 MB")]
    TooLarge,
    #[error("not an HTML page ({0})")]
    NotHtml(String),
    #[error("the site answered {0}")]
    Status(String),
}

/// Fetches `url` under `policy`; every failure is a `FetchError` worth showing as it is.
pub async fn fetch(policy: &FetchPolicy, url: &str) -> Result<Fetched, FetchError> {
    let url = Url::parse(url.trim()).map_err(|_| FetchError::BadUrl)?;
    match tokio::time::timeout(policy.timeout, follow(policy, url)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Timeout(policy.timeout.as_secs())),
    }
}

async fn follow(policy: &FetchPolicy, mut url: Url) -> Result<Fetched, FetchError> {
    let mut redirects = 0;
    loop {
        let (client, url_now) = client_for(policy, &url).await?;
        let resp = client
            .get(url_now.clone())
            .header(ACCEPT, HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"))
            .send()
            .await
            .map_err(|e| {
                tracing::info!(error = %e, "import fetch failed");
                if e.is_timeout() {
                    FetchError::Timeout(policy.timeout.as_secs())
                } else {
                    FetchError::Unreachable
                }
            })?;
        let status = resp.status();
        if status.is_redirection() {
            if let Some(location) = resp.headers().get(LOCATION).and_then(|l| l.to_str().ok()) {
                redirects += 1;
                if redirects > MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects);
                }
                url = url_now.join(location.trim()).map_err(|_| FetchError::BadUrl)?;
                continue;
            }
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.to_string()));
        }
        let content_type = resp.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let essence = content_type
            .as_deref()
            .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        if essence != "text/html" && essence != "application/xhtml+xml" {
            let shown = if essence.is_empty() { "no content type".to_string() } else { essence };
            return Err(FetchError::NotHtml(shown));
        }
        if resp.content_length().is_some_and(|n| n > MAX_PAGE_BYTES as u64) {
            return Err(FetchError::TooLarge);
        }
        let mut resp = resp;
        let mut bytes = Vec::new();
        // The client's own timeout also ends a page that trickles in: that is the timeout too,
        // not a failure to connect.
        let broken = |e: reqwest::Error| {
            tracing::info!(error = %e, "import fetch broke off");
            if e.is_timeout() {
                FetchError::Timeout(policy.timeout.as_secs())
            } else {
                FetchError::BrokenOff
            }
        };
        while let Some(chunk) = resp.chunk().await.map_err(broken)? {
            if bytes.len() + chunk.len() > MAX_PAGE_BYTES {
                // Dropping the response closes the connection: the rest is never read.
                return Err(FetchError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Fetched { url: url_now.to_string(), content_type, bytes });
    }
}

/// A client that can reach `url`'s host only at the addresses checked here.
async fn client_for(policy: &FetchPolicy, url: &Url) -> Result<(reqwest::Client, Url), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FetchError::BadUrl);
    }
    let port = url.port_or_known_default().ok_or(FetchError::BadUrl)?;
    let host = url.host().ok_or(FetchError::BadUrl)?;
    let allowed = policy.allows(&host.to_string(), port);
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(USER_AGENT)
        .timeout(policy.timeout);
    match host {
        Host::Ipv4(ip) => check(IpAddr::V4(ip), allowed)?,
        Host::Ipv6(ip) => check(IpAddr::V6(ip), allowed)?,
        Host::Domain(name) => {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
                .await
                .map_err(|_| FetchError::UnknownHost(name.to_string()))?
                .collect();
            if found.is_empty() {
                return Err(FetchError::UnknownHost(name.to_string()));
            }
            let usable: Vec<SocketAddr> =
                found.into_iter().filter(|a| allowed || is_public(a.ip())).collect();
            if usable.is_empty() {
                return Err(FetchError::Private);
            }
            builder = builder.resolve_to_addrs(name, &usable);
        }
    }
    let client = builder.build().map_err(|e| {
        tracing::error!(error = %e, "could not build the import client");
        FetchError::Unreachable
    })?;
    Ok((client, url.clone()))
}

fn check(ip: IpAddr, allowed: bool) -> Result<(), FetchError> {
    if allowed || is_public(ip) {
        Ok(())
    } else {
        Err(FetchError::Private)
    }
}

/// Whether an address is on the public internet: not loopback, private, link-local (which holds the
/// cloud metadata service at 169.254.169.254), shared (100.64/10, Alibaba's metadata at
/// 100.100.100.200), unique-local (AWS's IPv6 metadata at fd00:ec2::254), multicast, unspecified,
/// broadcast, documentation or reserved; IPv4 inside IPv6 (mapped, NAT64, 6to4) is judged as IPv4.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that is where packets go.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    if s[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique-local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated) fec0::/10
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] == 0) // Teredo
        || s[0..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible and the rest of ::/96
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap())
    }

    #[test]
    fn private_loopback_link_local_and_metadata_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "fc00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
        ] {
            assert!(!public(a), "{a} should be refused");
        }
    }

    #[test]
    fn ordinary_internet_addresses_are_public() {
        for a in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "172.32.0.1"] {
            assert!(public(a), "{a} should be allowed");
        }
    }

    #[test]
    fn allow_hosts_take_optional_ports() {
        let hosts = FetchPolicy::parse_allow_hosts(" 127.0.0.1:8080, intranet.local ,[::1]:9000,");
        assert_eq!(
            hosts,
            vec![
                ("127.0.0.1".to_string(), Some(8080)),
                ("intranet.local".to_string(), None),
                ("::1".to_string(), Some(9000))
            ]
        );
        let policy = FetchPolicy { allow_hosts: hosts, ..FetchPolicy::default() };
        assert!(policy.allows("127.0.0.1", 8080));
        assert!(!policy.allows("127.0.0.1", 8081));
        assert!(policy.allows("Intranet.Local", 443));
        assert!(policy.allows("[::1]", 9000));
    }

    #[tokio::test]
    async fn file_and_ftp_links_are_refused_before_any_connection() {
        let policy = FetchPolicy::default();
        assert_eq!(fetch(&policy, "file:///etc/passwd").await.unwrap_err(), FetchError::Scheme);
        assert_eq!(fetch(&policy, "ftp://example.org/").await.unwrap_err(), FetchError::Scheme);
    }

    #[tokio::test]
    async fn private_addresses_are_refused_unless_allowed() {
        let policy = FetchPolicy::default();
        assert_eq!(fetch(&policy, "http://127.0.0.1:9/").await.unwrap_err(), FetchError::Private);
        assert_eq!(fetch(&policy, "http://[::1]:9/").await.unwrap_err(), FetchError::Private);
        assert_eq!(
            fetch(&policy, "http://169.254.169.254/latest/meta-data/").await.unwrap_err(),
            FetchError::Private
        );
        assert_eq!(fetch(&policy, "http://localhost:9/").await.unwrap_err(), FetchError::Private);
    }
}
