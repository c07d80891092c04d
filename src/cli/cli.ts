process.stdout.write('siamese-lens\n');
