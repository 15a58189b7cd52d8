//! The only module that touches the network: fetches a release folder (dataset.json and the
//! cases file it names) and returns typed data or a typed error.

use gloo_net::http::Request;
use scrutiny_core::metadata::{DatasetMeta, MetadataError};
use thiserror::Error;

/// The release folder the page shows by default, relative to the page (so sub-path hosting works).
pub const DEFAULT_RELEASE: &str = "data/demo/";

/// Why a release could not be fetched. The messages are what the user reads.
#[derive(Debug, Clone, Error)]
pub enum FetchError {
    /// The request did not complete (offline, blocked, CORS).
    #[error("Could not download {url}: {detail}. Check your connection and reload the page.")]
    Network {
        /// What was requested.
        url: String,
        /// The browser's reason.
        detail: String,
    },
    /// The server answered with an error status.
    #[error("The server answered {status} for {url}; the data file may have moved. Reload the page, or tell the publisher.")]
    Status {
        /// What was requested.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// dataset.json could not be used.
    #[error("{0}")]
    Metadata(#[from] MetadataError),
}

/// A fetched release: its metadata and the raw bytes of its cases file.
#[derive(Debug, Clone)]
pub struct FetchedRelease {
    /// Parsed dataset.json.
    pub meta: DatasetMeta,
    /// The cases file's name, which tells CSV from JSON.
    pub cases_file: String,
    /// The cases file, unparsed.
    pub cases_bytes: Vec<u8>,
}

/// Fetches `folder`/dataset.json, then the cases file it names.
pub async fn fetch_release(folder: &str) -> Result<FetchedRelease, FetchError> {
    let meta_url = format!("{folder}dataset.json");
    let meta_text = String::from_utf8_lossy(&fetch_bytes(&meta_url).await?).into_owned();
    let meta = DatasetMeta::from_json(&meta_text)?;
    let cases_url = format!("{folder}{}", meta.cases_file);
    let cases_bytes = fetch_bytes(&cases_url).await?;
    Ok(FetchedRelease { cases_file: meta.cases_file.clone(), meta, cases_bytes })
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    let network = |e: gloo_net::Error| FetchError::Network { url: url.to_string(), detail: e.to_string() };
    let response = Request::get(url).send().await.map_err(network)?;
    if !response.ok() {
        return Err(FetchError::Status { url: url.to_string(), status: response.status() });
    }
    response.binary().await.map_err(network)
}
