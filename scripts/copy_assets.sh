#!/usr/bin/env bash
# Copy the front-end packages installed from npm into static/vendor (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=liangxin/static/vendor
rm -rf "$dest"
mkdir -p "$dest"/bootstrap "$dest"/bootstrap-icons "$dest"/htmx "$dest"/echarts "$dest"/swagger-ui-dist
mkdir -p "$dest"/tom-select
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest"/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest"/bootstrap/
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dest"/bootstrap-icons/
cp -r node_modules/bootstrap-icons/font/fonts "$dest"/bootstrap-icons/
cp node_modules/htmx.org/dist/htmx.min.js "$dest"/htmx/
cp node_modules/echarts/dist/echarts.min.js "$dest"/echarts/
cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css "$dest"/tom-select/
cp node_modules/tom-select/dist/js/tom-select.complete.min.js "$dest"/tom-select/
for f in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js favicon-32x32.png; do
  cp node_modules/swagger-ui-dist/$f "$dest"/swagger-ui-dist/
done
