#!/bin/sh
# Entrypoint of the mosquitto service in docker-compose.yml. Writes the password file from
# the MQTT_*_PASSWORD variables and installs the ACL, both readable only by the broker user
# (Mosquitto 2.0.16 and later warn about, and future releases reject, files others can read),
# then runs the broker in the foreground.
set -eu

data=/mosquitto/data
passwords="$data/passwd"
acl="$data/acl"

: "${MQTT_CENTINELA_PASSWORD:?MQTT_CENTINELA_PASSWORD is not set}"
: "${MQTT_FRIGATE_PASSWORD:?MQTT_FRIGATE_PASSWORD is not set}"

umask 077
mkdir -p "$data"
# Rewritten at every start so that a password changed in .env takes effect on restart.
rm -f "$passwords"
touch "$passwords"
mosquitto_passwd -b "$passwords" centinela "$MQTT_CENTINELA_PASSWORD"
mosquitto_passwd -b "$passwords" frigate "$MQTT_FRIGATE_PASSWORD"
if [ -n "${MQTT_HOMEASSISTANT_PASSWORD:-}" ]; then
  mosquitto_passwd -b "$passwords" homeassistant "$MQTT_HOMEASSISTANT_PASSWORD"
fi
cp /mosquitto/config/acl "$acl"

if [ "$(id -u)" = 0 ]; then
  chown -R mosquitto:mosquitto "$data"
fi
exec /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
