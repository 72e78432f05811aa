#!/bin/bash
# web: the designer's stylesheet, which the last exercise serves straight from nginx.
set -e
mkdir -p /var/www/jardins/static
cat > /var/www/jardins/static/jardins.css <<'CSS'
/* Jardins partagés : feuille de style */
body { font-family: Georgia, serif; max-width: 40rem; margin: 2rem auto; background: #f4f8ef; color: #233; }
h1 { color: #3a7d2c; border-bottom: 3px solid #9bc48a; }
li { margin: 0.4rem 0; }
.visiteur, .pied { color: #667; font-size: 0.9rem; }
CSS
chmod 755 /var/www/jardins /var/www/jardins/static
chmod 644 /var/www/jardins/static/jardins.css
