# cim9 in a container: the suite, its reference SUT and Debian's Chromium (for conformance.pdf).
#   docker build -t cim9 .
#   docker run --rm -v "$PWD/reports:/cim9/reports" cim9 run                       # against the embedded reference SUT
#   docker run --rm -p 9400:9400 -v "$PWD:/work" -w /work cim9 run --profile my-sut.yaml --reports reports/ci
# A profile for a system outside the container sets listener.host: 0.0.0.0, listener.port: 9400 and a
# listener.publicUrl your system reaches (the Docker host's address and the published port).
FROM node:22-bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
 && rm -rf /var/lib/apt/lists/*
ENV CIM9_CHROMIUM=/usr/bin/chromium
WORKDIR /cim9
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
ENTRYPOINT ["node", "/cim9/bin/cim9.js"]
CMD ["run"]
