#!/bin/bash
#@machine web
# PHP-FPM first, so that mediawiki's dependency on "php" is already met by it (not by Apache's mod_php).
apt install -y nginx php-fpm php-pgsql
#@machine web
# Without its recommends: they would pull in a MariaDB server, Apache, ImageMagick, Ghostscript…
apt install -y --no-install-recommends mediawiki
#@machine web
service php8.2-fpm start
cd /usr/share/mediawiki
php maintenance/install.php --dbtype postgres --dbserver db --dbname wiki --dbuser wiki \
  --dbpass 'Feuilles-Mortes-42' --installdbuser wiki --installdbpass 'Feuilles-Mortes-42' \
  --server https://wiki.jardins.test --scriptpath '' --lang fr --confpath /etc/mediawiki \
  --pass 'Compost-et-Tomates-2024' 'Les Jardins' admin
chown root:www-data /etc/mediawiki/LocalSettings.php
chmod 640 /etc/mediawiki/LocalSettings.php
cat > /etc/nginx/sites-available/wiki <<'NGINX'
server {
    listen 80;
    server_name wiki.jardins.test;
    root /var/lib/mediawiki;
    index index.php;

    location / {
        try_files $uri $uri/ /index.php?$args;
    }
    location ~ \.php$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
    }
    # What a visitor must never read.
    location ~ ^/(cache|includes|maintenance|vendor|config)/ {
        deny all;
    }
}
NGINX
ln -s /etc/nginx/sites-available/wiki /etc/nginx/sites-enabled/wiki
nginx -t
service nginx start
curl -s -H 'Host: wiki.jardins.test' http://localhost/index.php/Accueil | grep -o '<title>[^<]*'
