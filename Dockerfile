# wachsam as a small static image: pure Go (SQLite without cgo), run as an
# unprivileged user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/wachsam ./cmd/wachsam

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wachsam /usr/local/bin/wachsam
ENV WACHSAM_LISTEN=:8080
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/usr/local/bin/wachsam"]
CMD ["serve"]
