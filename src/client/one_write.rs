//! One write per request: ureq sends a request's head and its body with separate writes, so a
//! receiver gets two TCP segments (the socket has Nagle off) and reads each delivery twice.
//! This transport holds what ureq transmits until ureq waits for the answer, then sends it at
//! once: a 1 KiB delivery leaves as one segment. Large bodies are sent as they come, past the
//! first [`HOLD`] bytes.
//!
//! ureq's transport API is outside its semver promise, so Cargo.toml pins ureq exactly.

use std::fmt;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};
use ureq::Error;

/// The most held back before sending.
const HOLD: usize = 64 << 10;

/// Wraps every connection of the chain before it in a [`Coalescing`] transport.
#[derive(Debug, Default)]
pub struct CoalescingConnector;

impl<In: Transport> Connector<In> for CoalescingConnector {
    type Out = Coalescing<In>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, Error> {
        Ok(chained.map(|inner| Coalescing {
            inner,
            held: Vec::new(),
            timeout: None,
        }))
    }
}

pub struct Coalescing<T> {
    inner: T,
    /// Transmitted by ureq, not yet written to the connection.
    held: Vec<u8>,
    /// The write timeout ureq gave with the held bytes.
    timeout: Option<NextTimeout>,
}

impl<T> fmt::Debug for Coalescing<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalescing")
            .field("held", &self.held.len())
            .finish()
    }
}

impl<T: Transport> Coalescing<T> {
    /// Writes what is held through the inner transport's output buffer.
    fn flush(&mut self, fallback: NextTimeout) -> Result<(), Error> {
        let timeout = self.timeout.take().unwrap_or(fallback);
        let mut sent = 0;
        while sent < self.held.len() {
            let out = self.inner.buffers().output();
            let n = out.len().min(self.held.len() - sent);
            out[..n].copy_from_slice(&self.held[sent..sent + n]);
            self.inner.transmit_output(n, timeout)?;
            sent += n;
        }
        self.held.clear();
        Ok(())
    }
}

impl<T: Transport> Transport for Coalescing<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        // Saved first: flushing reuses the output buffer these bytes are in.
        let out = &self.inner.buffers().output()[..amount];
        self.held.extend_from_slice(out);
        self.timeout = Some(timeout);
        if self.held.len() >= HOLD {
            self.flush(timeout)?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush(timeout)?;
        self.inner.await_input(timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush(timeout)?;
        self.inner.maybe_await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;

    /// Records each write it is asked to make.
    #[derive(Debug)]
    struct Wire {
        buffers: LazyBuffers,
        writes: Vec<Vec<u8>>,
    }

    impl Transport for Wire {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), Error> {
            let bytes = self.buffers.output()[..amount].to_vec();
            self.writes.push(bytes);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, Error> {
            Ok(false)
        }
        fn is_open(&mut self) -> bool {
            true
        }
    }

    fn wrapped(output_size: usize) -> Coalescing<Wire> {
        Coalescing {
            inner: Wire {
                buffers: LazyBuffers::new(1024, output_size),
                writes: Vec::new(),
            },
            held: Vec::new(),
            timeout: None,
        }
    }

    /// What ureq does: writes into the output buffer, then asks for it to be transmitted.
    fn transmit(t: &mut Coalescing<Wire>, bytes: &[u8]) {
        t.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        t.transmit_output(bytes.len(), NextTimeout::default())
            .unwrap();
    }

    #[test]
    fn head_and_body_leave_in_one_write_when_the_answer_is_awaited() {
        let mut t = wrapped(4096);
        transmit(&mut t, b"POST /hook HTTP/1.1\r\ncontent-length: 4\r\n\r\n");
        transmit(&mut t, b"{\"a\"");
        assert!(
            t.inner.writes.is_empty(),
            "nothing written before the answer is awaited"
        );
        t.await_input(NextTimeout::default()).unwrap();
        assert_eq!(
            t.inner.writes,
            vec![b"POST /hook HTTP/1.1\r\ncontent-length: 4\r\n\r\n{\"a\"".to_vec()]
        );
        // Nothing held is written twice.
        t.maybe_await_input(NextTimeout::default()).unwrap();
        assert_eq!(t.inner.writes.len(), 1);
    }

    #[test]
    fn large_bodies_are_sent_as_they_come_in_order() {
        // An output buffer smaller than what is held: the flush goes out in pieces.
        let mut t = wrapped(10_000);
        let chunks: Vec<Vec<u8>> = (0..20u8).map(|i| vec![i; 9_000]).collect();
        for c in &chunks {
            transmit(&mut t, c);
        }
        let before_wait = t.inner.writes.len();
        assert!(before_wait > 0, "more than {HOLD} bytes are not held back");
        t.await_input(NextTimeout::default()).unwrap();
        assert_eq!(t.inner.writes.concat(), chunks.concat());
        assert!(t.inner.writes.iter().all(|w| w.len() <= 10_000));
    }
}
