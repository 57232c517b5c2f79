// SPDX-License-Identifier: Apache-2.0
// HTTP and WebSocket on Boost.Beast. Each connection runs on its own strand; backend calls happen
// on the I/O threads. Boost errors never leave this file: a failed connection is closed.
#include "rpc/server.hpp"

#include "rpc/events.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace blend::rpc {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

std::string_view sv(beast::string_view v)
{
    return {v.data(), v.size()};
}

/// HTTP header block limit: Beast's default (8 KiB), named here; a JSON-RPC request needs a
/// few hundred bytes of headers.
constexpr uint32_t kMaxHeaderBytes = 8192;
/// How long stop() waits for connections to close before it stops the I/O threads (ours).
constexpr std::chrono::milliseconds kStopGrace{2000};
/// CORS preflight cache time: 600 s, Chromium's cap for Access-Control-Max-Age.
constexpr std::string_view kCorsMaxAge = "600";

/// geth's accepted request content types (rpc/http.go acceptedContentTypes).
bool json_content_type(std::string_view value)
{
    const auto semicolon = value.find(';');
    std::string type(value.substr(0, semicolon));
    type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type == "application/json" || type == "application/json-rpc" ||
           type == "application/jsonrequest";
}

}  // namespace

/// A connection the server can close on stop().
class Closable {
public:
    virtual ~Closable() = default;
    virtual void close() = 0;
};

struct Server::Impl {
    ServerConfig config;
    EthBackend* eth = nullptr;
    EngineBackend* engine = nullptr;
    // Declared before the io_context so that they outlive every session it destroys.
    FilterManager filters;
    SubscriptionHub subscriptions;
    std::unique_ptr<Dispatcher> dispatcher;
    std::mutex sessions_mutex;
    std::map<uint64_t, std::weak_ptr<Closable>> sessions;
    uint64_t next_session = 0;
    std::atomic<size_t> connections{0};
    std::atomic<bool> stopped{false};

    net::io_context ioc;
    tcp::acceptor acceptor{net::make_strand(ioc)};
    std::vector<std::thread> threads;
    uint16_t port = 0;

    uint64_t add_session(const std::shared_ptr<Closable>& session)
    {
        std::lock_guard lock(sessions_mutex);
        const uint64_t id = next_session++;
        sessions.emplace(id, session);
        return id;
    }
    void remove_session(uint64_t id)
    {
        std::lock_guard lock(sessions_mutex);
        sessions.erase(id);
    }

    [[nodiscard]] std::optional<std::string> allowed_origin(std::string_view origin) const
    {
        if (origin.empty())
            return std::nullopt;
        for (const auto& domain : config.cors_domains)
            if (domain == "*" || domain == origin)
                return std::string(domain == "*" ? "*" : origin);
        return std::nullopt;
    }

    void do_accept();
};

namespace {

class WsSession final : public std::enable_shared_from_this<WsSession>,
                        public NotificationTarget,
                        public Closable {
public:
    WsSession(beast::tcp_stream&& stream, Server::Impl& server)
        : ws_(std::move(stream)), server_(server)
    {
        ++server_.connections;
    }
    ~WsSession() override
    {
        server_.subscriptions.remove_connection(this);
        server_.remove_session(id_);
        --server_.connections;
    }

    void start(http::request<http::string_body> request)
    {
        id_ = server_.add_session(shared_from_this());
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(server_.config.max_request_bytes);
        ws_.async_accept(request,
                         beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
    }

    void send(std::string message) override
    {
        if (closed_)
            return;
        // The bound is checked where the message is produced, so a client that does not read
        // cannot make the server hold more than kMaxSendQueue* for it: it is dropped instead.
        const size_t bytes = queued_bytes_ += message.size();
        const size_t count = ++queued_messages_;
        if (count > kMaxSendQueueMessages || bytes > kMaxSendQueueBytes) {
            close();
            return;
        }
        net::post(ws_.get_executor(),
                  [self = shared_from_this(), m = std::move(message)]() mutable {
                      self->enqueue(std::move(m));
                  });
    }

    void close() override
    {
        if (closed_.exchange(true))
            return;
        net::post(ws_.get_executor(), [self = shared_from_this()] {
            beast::error_code ec;
            beast::get_lowest_layer(self->ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
            beast::get_lowest_layer(self->ws_).socket().close(ec);
        });
    }

private:
    void on_accept(beast::error_code ec)
    {
        if (ec)
            return;
        do_read();
    }

    void do_read()
    {
        ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t)
    {
        if (ec) {
            closed_ = true;
            return;
        }
        std::string message = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        auto response = server_.dispatcher->handle(message, shared_from_this());
        if (response)
            send(std::move(*response));
        if (!closed_)
            do_read();
    }

    void enqueue(std::string message)
    {
        if (closed_)
            return;
        queue_.push_back(std::move(message));
        if (queue_.size() == 1)
            do_write();
    }

    void do_write()
    {
        ws_.text(true);
        ws_.async_write(net::buffer(queue_.front()),
                        beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, size_t)
    {
        queued_bytes_ -= queue_.front().size();
        --queued_messages_;
        queue_.pop_front();
        if (ec) {
            close();
            return;
        }
        if (!queue_.empty())
            do_write();
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    Server::Impl& server_;
    uint64_t id_ = 0;
    std::deque<std::string> queue_;
    std::atomic<size_t> queued_messages_{0};
    std::atomic<size_t> queued_bytes_{0};
    std::atomic<bool> closed_{false};
};

class HttpSession final : public std::enable_shared_from_this<HttpSession>, public Closable {
public:
    HttpSession(tcp::socket&& socket, Server::Impl& server)
        : stream_(std::move(socket)), server_(server)
    {
        ++server_.connections;
    }
    ~HttpSession() override
    {
        server_.remove_session(id_);
        --server_.connections;
    }

    void run()
    {
        id_ = server_.add_session(shared_from_this());
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
    }

    void close() override
    {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            self->upgraded_ = true;  // stop the read loop
            beast::error_code ec;
            self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            self->stream_.socket().close(ec);
        });
    }

private:
    void do_read()
    {
        if (upgraded_)
            return;
        parser_.emplace();
        parser_->body_limit(server_.config.max_request_bytes);
        parser_->header_limit(kMaxHeaderBytes);
        stream_.expires_after(kHttpIdleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t)
    {
        if (ec == http::error::body_limit) {
            // The body is larger than --rpc limit: 413, then close (the rest is unread).
            respond(http::status::payload_too_large, "request body too large", false, {});
            return;
        }
        if (ec)
            return;  // closed, timed out, or not HTTP: drop the connection
        auto request = parser_->release();
        const std::string origin(request[http::field::origin]);
        const auto cors = server_.allowed_origin(origin);

        if (websocket::is_upgrade(request)) {
            if (!server_.config.websocket) {
                respond(http::status::bad_request, "websocket not enabled on this port", false,
                        cors);
                return;
            }
            if (!authorized(request, cors))
                return;
            upgraded_ = true;
            std::make_shared<WsSession>(std::move(stream_), server_)->start(std::move(request));
            return;
        }
        const bool keep_alive = request.keep_alive();
        if (request.method() == http::verb::options) {
            // CORS preflight (Fetch standard §3.2.2).
            respond(http::status::no_content, "", keep_alive, cors);
            return;
        }
        if (!server_.config.http) {
            respond(http::status::bad_request, "this port serves WebSocket only", false, cors);
            return;
        }
        if (request.method() != http::verb::post) {
            respond(http::status::method_not_allowed, "method not allowed: use POST", keep_alive,
                    cors);
            return;
        }
        if (!json_content_type(sv(request[http::field::content_type]))) {
            respond(http::status::unsupported_media_type,
                    "invalid content type, only application/json is supported", keep_alive, cors);
            return;
        }
        if (!authorized(request, cors))
            return;
        auto response = server_.dispatcher->handle(request.body());
        respond(http::status::ok, response ? std::move(*response) : std::string(), keep_alive, cors,
                "application/json");
    }

    /// The Engine port's JWT check; answers 401 itself on failure (geth's status; the spec
    /// leaves it open, api-surface §2.5).
    bool authorized(const http::request<http::string_body>& request,
                    const std::optional<std::string>& cors)
    {
        if (!server_.config.jwt_secret)
            return true;
        const auto result =
            verify_bearer(sv(request[http::field::authorization]), *server_.config.jwt_secret,
                          std::chrono::system_clock::now());
        if (result)
            return true;
        respond(http::status::unauthorized, to_string(result.error()), false, cors);
        return false;
    }

    void respond(http::status status,
                 std::string body,
                 bool keep_alive,
                 const std::optional<std::string>& cors,
                 std::string_view content_type = "text/plain")
    {
        response_ = {};
        response_.version(11);
        response_.result(status);
        response_.set(http::field::server, "blend");
        response_.set(http::field::content_type,
                      beast::string_view(content_type.data(), content_type.size()));
        if (cors) {
            response_.set(http::field::access_control_allow_origin, *cors);
            response_.set(http::field::access_control_allow_methods, "POST, GET, OPTIONS");
            response_.set(http::field::access_control_allow_headers, "Content-Type, Authorization");
            response_.set(http::field::access_control_max_age,
                          beast::string_view(kCorsMaxAge.data(), kCorsMaxAge.size()));
            if (*cors != "*")
                response_.set(http::field::vary, "Origin");
        }
        if (status == http::status::method_not_allowed)
            response_.set(http::field::allow, "POST, OPTIONS");
        response_.keep_alive(keep_alive);
        response_.body() = std::move(body);
        response_.prepare_payload();
        http::async_write(
            stream_, response_,
            beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, size_t)
    {
        if (ec)
            return;
        if (!keep_alive) {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        do_read();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    Server::Impl& server_;
    uint64_t id_ = 0;
    bool upgraded_ = false;
};

}  // namespace

void Server::Impl::do_accept()
{
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (ec == net::error::operation_aborted || stopped)
                return;
        } else if (connections >= kMaxConnections) {
            beast::error_code ignored;
            socket.close(ignored);  // over kMaxConnections: refuse by closing at once
        } else {
            std::make_shared<HttpSession>(std::move(socket), *this)->run();
        }
        if (!stopped)
            do_accept();
    });
}

const char* to_string(ServerError e) noexcept
{
    switch (e) {
    case ServerError::kBadAddress:
        return "listen address is not an IP address";
    case ServerError::kBindFailed:
        return "cannot listen on the address and port";
    case ServerError::kNothingToServe:
        return "neither HTTP nor WebSocket is enabled";
    }
    return "server error";
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server()
{
    stop();
}

Result<std::unique_ptr<Server>, ServerError> Server::start(ServerConfig config,
                                                           EthBackend* eth,
                                                           EngineBackend* engine)
{
    if (!config.http && !config.websocket)
        return Unexpected{ServerError::kNothingToServe};
    auto impl = std::make_unique<Impl>();
    impl->eth = eth;
    impl->engine = engine;
    impl->config = std::move(config);
    impl->dispatcher = std::make_unique<Dispatcher>(
        impl->config.dispatch, Services{eth, engine, &impl->filters, &impl->subscriptions});

    beast::error_code ec;
    const auto address = net::ip::make_address(impl->config.address, ec);
    if (ec)
        return Unexpected{ServerError::kBadAddress};
    const tcp::endpoint endpoint{address, impl->config.port};
    impl->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        impl->acceptor.bind(endpoint, ec);
    if (!ec)
        impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return Unexpected{ServerError::kBindFailed};
    impl->port = impl->acceptor.local_endpoint(ec).port();

    if (eth != nullptr) {
        eth->add_listener(&impl->filters);
        eth->add_listener(&impl->subscriptions);
    }
    impl->do_accept();
    const size_t threads = std::max<size_t>(1, impl->config.threads);
    Impl* raw = impl.get();
    for (size_t i = 0; i < threads; ++i)
        impl->threads.emplace_back([raw] { raw->ioc.run(); });
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const noexcept
{
    return impl_->port;
}

size_t Server::connection_count() const noexcept
{
    return impl_->connections;
}

void Server::stop()
{
    if (!impl_ || impl_->stopped.exchange(true))
        return;
    if (impl_->eth != nullptr) {
        impl_->eth->remove_listener(&impl_->subscriptions);
        impl_->eth->remove_listener(&impl_->filters);
    }
    net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
    });
    std::vector<std::shared_ptr<Closable>> open;
    {
        std::lock_guard lock(impl_->sessions_mutex);
        for (auto& [id, weak] : impl_->sessions)
            if (auto session = weak.lock())
                open.push_back(std::move(session));
    }
    for (auto& session : open)
        session->close();
    open.clear();
    const auto deadline = std::chrono::steady_clock::now() + kStopGrace;
    while (impl_->connections > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    impl_->ioc.stop();
    for (auto& thread : impl_->threads)
        thread.join();
    impl_->threads.clear();
}

}  // namespace blend::rpc
