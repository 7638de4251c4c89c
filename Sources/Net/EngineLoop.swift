internal import CCurl

/// The engine thread's loop and everything it owns: the multi handle and the transfers in
/// flight, keyed by id and by easy handle. Created on the engine thread and never leaves it.
/// Each turn: apply commands, `curl_multi_perform`, collect finished transfers, hand each
/// transfer the body bytes of the pass as one chunk, enforce the
/// first-byte and stall deadlines on the monotonic clock, then `curl_multi_poll` until the
/// nearest deadline (at most one second) or a wakeup.
final class EngineLoop {
    private let multi: UnsafeMutableRawPointer
    private var byID: [UInt64: Transfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]

    init(multi: UnsafeMutableRawPointer) { self.multi = multi }

    func run(engine: TransferEngine) {
        while true {
            let (commands, clientReleased) = engine.takeCommands()
            for command in commands { apply(command) }
            if clientReleased && byID.isEmpty {
                if engine.terminateIfIdle() { break }
                continue
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            deliverBodies()
            let now = ContinuousClock.now
            var nearest = now + .seconds(byID.isEmpty ? 60 : 1)
            for transfer in Array(byID.values) {
                let deadline = transfer.deadline
                if deadline.at <= now {
                    remove(transfer, error: CurlErrors.error(deadline.kind, transfer: transfer))
                } else if deadline.at < nearest {
                    nearest = deadline.at
                }
            }
            let wait = now.duration(to: nearest)
            let millis = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000 + 1
            _ = curl_multi_poll(multi, nil, 0, Int32(clamping: millis), nil)
        }
        for transfer in Array(byID.values) {
            remove(transfer, error: CurlErrors.error(.cancelled, transfer: transfer))
        }
        curl_multi_cleanup(multi)
    }

    private func apply(_ command: TransferEngine.Command) {
        switch command {
        case .add(let job):
            if job.control.isCancelled {
                let error = HTTPError(kind: .cancelled, url: job.request.url, message: "the request was cancelled")
                job.head.resume(throwing: error)
                job.body.finish(throwing: error)
                return
            }
            switch TransferSetup.make(job) {
            case .failure(let error):
                job.head.resume(throwing: error)
                job.body.finish(throwing: error)
            case .success(let transfer):
                guard curl_multi_add_handle(multi, transfer.easy) == CURLM_OK else {
                    transfer.finish(HTTPError(kind: .transport, url: job.request.url,
                                              message: "libcurl could not start the transfer"))
                    transfer.release()
                    return
                }
                byID[job.control.id] = transfer
                byHandle[transfer.easy] = transfer
            }
        case .cancel(let id):
            if let transfer = byID[id] {
                remove(transfer, error: CurlErrors.error(.cancelled, transfer: transfer))
            }
        }
    }

    /// Hands each transfer's body bytes of this pass to its reader in one chunk; stops the
    /// transfers whose reader has gone.
    private func deliverBodies() {
        for transfer in Array(byID.values) where transfer.hasPendingBody {
            if !transfer.flushBody() {
                remove(transfer, error: CurlErrors.error(.cancelled, transfer: transfer))
            }
        }
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                  let transfer = byHandle[handle] else { continue }
            let code = message.pointee.data.result
            detach(transfer)
            transfer.complete(code)
            transfer.release()
        }
    }

    /// Stops a transfer that libcurl has not finished: removing the handle closes its
    /// connection (an unfinished HTTP/1.1 response cannot be reused).
    private func remove(_ transfer: Transfer, error: HTTPError) {
        detach(transfer)
        transfer.finish(error)
        transfer.release()
    }

    private func detach(_ transfer: Transfer) {
        _ = curl_multi_remove_handle(multi, transfer.easy)
        byID[transfer.job.control.id] = nil
        byHandle[transfer.easy] = nil
    }
}
