import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponseDto {
  /** HTTP status code. */
  @ApiProperty({ type: 'integer', example: 404 })
  statusCode: number;

  /** HTTP reason phrase. */
  @ApiProperty({ example: 'Not Found' })
  error: string;

  /** What went wrong: one sentence, or (on 400) one entry per bad field. */
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'page 3f1c… not found',
  })
  message: string | string[];
}
