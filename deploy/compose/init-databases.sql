-- One database per service (DESIGN §2). `intake` is created by POSTGRES_DB.
CREATE DATABASE matching;
CREATE DATABASE werkgevers;
CREATE DATABASE uitkering;
CREATE DATABASE trajecten;
CREATE DATABASE handhaving;
